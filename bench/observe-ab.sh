#!/usr/bin/env bash
# What observability costs: Shepherd with metrics, access log and request log ON next to Shepherd
# with all three OFF, both running at once, measured in interleaved pairs (A B, then B A, ...) so
# that drift on a shared machine hits both sides alike. Reports CPU µs per request of each side
# and their ratio (issue 7: "on" within 10% of "off").
#
#   bench/observe-ab.sh                  # 6 rounds x {nonstream, stream} x {64, 8, 1} conns x 10 s x 2 (~13 min)
#   ROUNDS=2 DURATION=5s CONNS=8 bench/observe-ab.sh      # quick look (~1 min)
#
# Knobs: ROUNDS=6 DURATION=10s CONNS="64 8 1" MODES="nonstream stream" PREWARM=60s METERED=1
#        JAR=target/shepherd.jar (the build both sides run) ON_CONFIG=bench/bench.yaml ON_ACCESS_LOG=INFO (OFF: the "on" side without its access log) OFF_CONFIG=bench/bench-observe-off.yaml PORT_ON=18088 PORT_OFF=18089
#        (PREWARM: each side warms this long per mode first; C2 keeps compiling for ~60-80 s of load,
#        more on the "on" side, and that JIT work is not the steady-state cost being compared)
#        SHEPHERD_JAVA_OPTS="-Xms256m -Xmx512m -XX:+UseParallelGC" BENCH_WORK=/tmp/shepherd-peer-bench
# Needs: target/shepherd.jar (REBUILD=1 rebuilds), node, wrk, and the peer harness's mock and wrk
# script (set up by bench/run.sh or ../shared/bench/peer/setup.sh). Everything on 127.0.0.1; only
# processes started here are stopped. Results: bench/results/ab-<timestamp>/ (report.md, pairs.tsv).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
ROUNDS=${ROUNDS:-6}; DURATION=${DURATION:-10s}; CONNS=${CONNS:-"64 8 1"}; MODES=${MODES:-"nonstream stream"}
PREWARM=${PREWARM:-60s}; METERED=${METERED:-1}
ON_CONFIG=${ON_CONFIG:-bench/bench.yaml}; ON_ACCESS_LOG=${ON_ACCESS_LOG:-INFO}; OFF_CONFIG=${OFF_CONFIG:-bench/bench-observe-off.yaml}
PORT_ON=${PORT_ON:-18088}; PORT_OFF=${PORT_OFF:-18089}
SHEPHERD_JAVA_OPTS=${SHEPHERD_JAVA_OPTS:-"-Xms256m -Xmx512m -XX:+UseParallelGC"}
BENCH_WORK=${BENCH_WORK:-/tmp/shepherd-peer-bench}
OUT="$ROOT/bench/results/ab-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
log() { echo "[observe-ab] $*" >&2; }

STARTED=(); DBDIR=$(mktemp -d /tmp/shepherd-ab-db.XXXXXX)
trim_logs() { # the "on" side's access log reaches gigabytes: keep each log's last 200 lines
  local f
  for f in "$OUT"/shepherd-*.log; do
    [[ -f $f && $(stat -c %s "$f") -gt 10000000 ]] && { tail -n 200 "$f" > "$f.tail"; mv "$f.tail" "$f"; }
  done
  return 0
}
cleanup() { for p in "${STARTED[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done; rm -rf "$DBDIR"; trim_logs; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
ticks() { # pid -> "all event-loop" CPU ticks (user + system) of the process and of its Vert.x event loops
  local loop=0 t
  for t in /proc/"$1"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == vert.x-eventloo* ]] && loop=$((loop + $(awk '{print $14+$15}' "$t/stat")))
  done
  echo "$(awk '{print $14+$15}' "/proc/$1/stat") $loop"
}
HZ=$(getconf CLK_TCK)

JAR=${JAR:-target/shepherd.jar}
if [[ "${REBUILD:-0}" == 1 || ! -f $JAR ]]; then log "building target/shepherd.jar"; ./mvnw -q -o -DskipTests package; fi
if [[ ! -f "$BENCH_WORK/mock-upstream.js" || ! -f "$BENCH_WORK/chat.lua" ]]; then
  for d in "${PEER_DIR:-}" "$ROOT/../shared/bench/peer" /work/shared/bench/peer; do
    [[ -n "$d" && -f "$d/mock-upstream.js" ]] && { mkdir -p "$BENCH_WORK"; cp -r "$d"/. "$BENCH_WORK"/; break; }
  done
fi
[[ -f "$BENCH_WORK/mock-upstream.js" ]] || { log "peer harness not found: nothing to run"; exit 0; }
command -v wrk >/dev/null || { log "wrk not installed (apt-get install -y wrk)"; exit 1; }

MOCK_PORT=18080 node "$BENCH_WORK/mock-upstream.js" > "$OUT/mock.log" 2>&1 &
MOCK_PID=$!; STARTED+=("$MOCK_PID")
wait_port 18080 "$MOCK_PID" 10 || { log "mock upstream did not start"; exit 1; }

ADMIN_KEY="sk-shp-admin-ab-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
start_shepherd() { # side config port access-level -> prints "pid key"
  local side=$1 config=$2 port=$3 level=$4 pid
  # shellcheck disable=SC2086
  SHEPHERD_BENCH_DB="$DBDIR/$side.db" SHEPHERD_ADMIN_KEY="$ADMIN_KEY" SHEPHERD_ACCESS_LOG="$level" \
    "$JAVA" --enable-native-access=ALL-UNNAMED $SHEPHERD_JAVA_OPTS -jar "$JAR" \
    serve --config "$config" --port "$port" > "$OUT/shepherd-$side.log" 2>&1 &
  pid=$!
  wait_port "$port" "$pid" 60 || { log "Shepherd ($side) did not start"; tail -20 "$OUT/shepherd-$side.log" >&2; kill "$pid"; exit 1; }
  echo "$pid $(client_key "$port" "$ADMIN_KEY" "$METERED")"
}
read -r PID_ON KEY_ON < <(start_shepherd on "$ON_CONFIG" "$PORT_ON" "$ON_ACCESS_LOG"); STARTED+=("$PID_ON")
read -r PID_OFF KEY_OFF < <(start_shepherd off "$OFF_CONFIG" "$PORT_OFF" OFF); STARTED+=("$PID_OFF")
[[ -n "$KEY_ON" && -n "$KEY_OFF" ]] || { log "could not create client keys"; exit 1; }
log "on: pid $PID_ON port $PORT_ON ($ON_CONFIG); off: pid $PID_OFF port $PORT_OFF ($OFF_CONFIG)"

run() { # side mode conns duration -> "requests cpu_us_per_req loop_us_per_req"
  local side=$1 mode=$2 c=$3 d=$4 pid port key stream=0 t0 t1 l0 l1 n
  if [[ $side == on ]]; then pid=$PID_ON; port=$PORT_ON; key=$KEY_ON; else pid=$PID_OFF; port=$PORT_OFF; key=$KEY_OFF; fi
  [[ $mode == stream ]] && stream=1
  local th=2; ((c < th)) && th=$c
  read -r t0 l0 < <(ticks "$pid")
  n=$(STREAM=$stream WRK_HEADERS="Authorization: Bearer $key" LABEL="$side" \
        wrk -t"$th" -c"$c" -d"$d" -s "$BENCH_WORK/chat.lua" "http://127.0.0.1:$port" 2>&1 \
      | sed -nE 's/^RESULT .*requests=([0-9]+) .*err_connect=([0-9]+) err_read=([0-9]+) err_write=([0-9]+) err_status=([0-9]+) err_timeout=([0-9]+).*/\1 \2 \3 \4 \5 \6/p')
  sleep 0.4 # the write-behind work of the last requests (observers, logs, ledger: 100 ms periods) counts on this side
  read -r t1 l1 < <(ticks "$pid")
  read -r req e1 e2 e3 e4 e5 <<<"${n:-0 0 0 0 0 0}"
  (( e1 + e2 + e3 + e4 + e5 == 0 )) || log "$side $mode c$c: wrk errors connect=$e1 read=$e2 write=$e3 status=$e4 timeout=$e5"
  awk -v r="$req" -v t=$((t1 - t0)) -v l=$((l1 - l0)) -v hz="$HZ" \
    'BEGIN { printf "%d %.1f %.1f\n", r, (r > 0 ? t * 1e6 / hz / r : 0), (r > 0 ? l * 1e6 / hz / r : 0) }'
}

log "warming both sides ($PREWARM per mode)"
for m in $MODES; do for s in on off; do run "$s" "$m" 32 "$PREWARM" > /dev/null; done; done

printf 'round\tmode\tconns\tside\trequests\tcpu_us_per_req\tloop_us_per_req\n' > "$OUT/pairs.tsv"
for ((r = 1; r <= ROUNDS; r++)); do
  for m in $MODES; do for c in $CONNS; do
    order="on off"; ((r % 2 == 0)) && order="off on"
    for s in $order; do
      read -r req cpu loop < <(run "$s" "$m" "$c" "$DURATION")
      printf '%d\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$m" "$c" "$s" "$req" "$cpu" "$loop" >> "$OUT/pairs.tsv"
      log "round $r $m c$c $s: $req requests, $cpu µs CPU/request ($loop on the event loops)"
    done
  done; done
done

{
  echo "## Observability on vs off, interleaved pairs — $(date -Is)"
  echo
  echo "host: $(nproc) CPUs; $("$JAVA" -version 2>&1 | head -1); $ROUNDS rounds of $DURATION per side, order alternating;" \
       "metered key: $([[ $METERED == 1 ]] && echo yes || echo no); on = $ON_CONFIG + access log $ON_ACCESS_LOG; off = $OFF_CONFIG, access log OFF; raw: ${OUT#"$ROOT"/}/pairs.tsv"
  echo
  echo "| mode | conns | RPS on | RPS off | CPU µs/req on | CPU µs/req off | on ÷ off (medians) | median of pair ratios | event loops on | event loops off |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' -v d="${DURATION%s}" '
    function med(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
                                     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    NR > 1 { k = $2 "\t" $3; if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
             cpu[k, $4] = cpu[k, $4] " " $6; rps[k, $4] = rps[k, $4] " " $5 / d; loop[k, $4] = loop[k, $4] " " $7; pair[k, $1, $4] = $6 }
    END { for (i = 1; i <= nk; i++) { k = order[i]; split(k, f, "\t"); pr = ""
            for (r = 1; r <= 1000; r++) if (((k, r, "on") in pair) && pair[k, r, "off"] > 0) pr = pr " " pair[k, r, "on"] / pair[k, r, "off"]
            on = med(cpu[k, "on"]); off = med(cpu[k, "off"])
            printf "| %s | %s | %.0f | %.0f | %.1f | %.1f | %.3f | %.3f | %.1f | %.1f |\n", f[1], f[2], med(rps[k, "on"]), med(rps[k, "off"]),
                   on, off, on / off, med(pr), med(loop[k, "on"]), med(loop[k, "off"]) } }' "$OUT/pairs.tsv"
} | tee "$OUT/report.md"
