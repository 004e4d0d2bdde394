#!/usr/bin/env bash
# Shepherd's gateway overhead on loopback, measured with the peer harness (wrk + node mock upstream)
# next to the bare Vert.x pass-through (and Portkey when installed), in one run.
#
#   bench/run.sh                         # full run (about 11 min with Portkey, 8 without)
#   QUICK=1 bench/run.sh                 # smoke run (5 s measurements, 1 repeat)
#   ACCESS_LOGS="on off" bench/run.sh    # also measure with the access log off (a second harness pass)
#
# What it does: builds target/shepherd.jar if missing; copies and installs the peer harness
# (../shared/bench/peer or $PEER_DIR, via its setup.sh, into $BENCH_WORK); starts the node mock
# upstream on 127.0.0.1:18080 and Shepherd on 127.0.0.1:$SHEPHERD_PORT with bench/bench.yaml and a
# temp SQLite store; creates a client key through the admin API; smoke-tests and warms Shepherd;
# stops that mock (the harness starts its own on the same port); runs the harness with
# TARGETS="direct vertx extra [portkey]"; prints a markdown table (see bench/README.md) and saves
# everything under bench/results/<timestamp>/. Only processes started here are stopped, by PID.
#
# Env knobs (defaults):
#   QUICK=0  REPEATS=2  DURATION=12s  WARMUP=5s  CONNS="64 8 1"  MODES="nonstream stream"  TTFB_N=43
#            (passed to the harness; QUICK=1 -> 5 s runs, 1 repeat, TTFB_N=13)
#   PORTKEY=auto      auto: include Portkey when setup installed it; 0: never; 1: required
#   METERED=1         1: the client key belongs to a funded account (credit held and charged per
#                     request, as in production); 0: an unmetered operator key
#   ACCESS_LOGS=on    "on", "off" or "on off": one harness pass per value (SHEPHERD_ACCESS_LOG=INFO|OFF)
#   OFF_TARGETS="direct vertx extra"   targets of the access-log-off pass
#   PREWARM=15s       extra wrk warm-up of Shepherd per mode before the harness (QUICK: 3s)
#   SHEPHERD_CONFIG=bench/bench.yaml (must keep the mock provider and model gpt-4o-mini)
#   SHEPHERD_PORT=18088  SHEPHERD_JAVA_OPTS="-Xms256m -Xmx512m -XX:+UseParallelGC"
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64  BENCH_WORK=/tmp/shepherd-peer-bench  PEER_DIR=<auto>
#   REBUILD=0         1: rebuild target/shepherd.jar even if present
#   KEEP_ACCESS_LOG=0 1: keep Shepherd's whole stdout/access log (otherwise its first 200 lines)
# Targets checked (from the issue): non-stream CPU/request <= 1.5x bare Vert.x; <= 15 us CPU per
# SSE event; stream TTFB overhead <= 0.3 ms at 1 connection.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
SHEPHERD_PORT=${SHEPHERD_PORT:-18088}
SHEPHERD_CONFIG=${SHEPHERD_CONFIG:-bench/bench.yaml}
SHEPHERD_JAVA_OPTS=${SHEPHERD_JAVA_OPTS:-"-Xms256m -Xmx512m -XX:+UseParallelGC"}
MOCK_PORT=18080                      # fixed: bench.yaml and the harness both use it
BENCH_WORK=${BENCH_WORK:-/tmp/shepherd-peer-bench}
PORTKEY=${PORTKEY:-auto}
METERED=${METERED:-1}
ACCESS_LOGS=${ACCESS_LOGS:-on}
OFF_TARGETS=${OFF_TARGETS:-"direct vertx extra"}
QUICK=${QUICK:-0}
PREWARM=${PREWARM:-15s}
if [[ "$QUICK" == 1 ]]; then PREWARM=3s; export TTFB_N=${TTFB_N:-13}; fi
export QUICK
for v in REPEATS DURATION WARMUP CONNS MODES TTFB_N THREADS PIN; do [[ -n "${!v:-}" ]] && export "${v?}"; done

TS=$(date +%Y%m%d-%H%M%S)
OUT="$ROOT/bench/results/$TS"
mkdir -p "$OUT"
log() { echo "[run.sh] $*" >&2; }

# ---- processes started here, stopped by PID on exit -----------------------------------------------
STARTED=()
TMPDIR_DB=""
cleanup() {
  for p in "${STARTED[@]:-}"; do
    [[ -n "$p" ]] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
  [[ -n "$TMPDIR_DB" ]] && rm -rf "$TMPDIR_DB"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
stop_pid() { # pid: stop one process started here and forget it
  kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true
  local keep=(); for p in "${STARTED[@]:-}"; do [[ "$p" != "$1" && -n "$p" ]] && keep+=("$p"); done
  STARTED=("${keep[@]:-}")
}
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
for p in "$MOCK_PORT" "$SHEPHERD_PORT"; do port_open "$p" && { log "port $p is already in use"; exit 1; }; done

# ---- (a) the jar ------------------------------------------------------------------------------------
if [[ ! -f target/shepherd.jar || "${REBUILD:-0}" == 1 ]]; then
  log "building target/shepherd.jar"
  ./mvnw -q -DskipTests package
elif [[ -n "$(find src pom.xml -newer target/shepherd.jar -print -quit)" ]]; then
  log "warning: target/shepherd.jar is older than the sources (REBUILD=1 rebuilds it)"
fi

# ---- the peer harness -------------------------------------------------------------------------------
PEER_SRC=""
for d in "${PEER_DIR:-}" "$ROOT/../shared/bench/peer" /work/shared/bench/peer; do
  if [[ -n "$d" && -f "$d/bench.sh" && -f "$d/mock-upstream.js" ]]; then PEER_SRC=$(cd "$d" && pwd); break; fi
done
if [[ -z "$PEER_SRC" ]]; then
  log "peer harness not found (looked in \$PEER_DIR, ../shared/bench/peer, /work/shared/bench/peer); nothing to run"
  exit 0
fi
command -v node >/dev/null || { log "node not found: the mock upstream needs Node.js"; exit 1; }
log "peer harness: $PEER_SRC -> $BENCH_WORK (setup.sh)"
start=$(date +%s)
if ! BENCH_WORK="$BENCH_WORK" "$PEER_SRC/setup.sh" > "$OUT/setup.log" 2>&1; then
  log "setup.sh failed (see $OUT/setup.log); continuing with what is installed"
  mkdir -p "$BENCH_WORK" && cp -r "$PEER_SRC"/. "$BENCH_WORK"/ 2>/dev/null || true
  [[ -f "$BENCH_WORK/java-baseline/classes/PassThrough.class" ]] || (cd "$BENCH_WORK" && java-baseline/build.sh >> "$OUT/setup.log" 2>&1) || true
fi
log "setup took $(( $(date +%s) - start )) s"
command -v wrk >/dev/null || { log "wrk not installed (apt-get install -y wrk)"; exit 1; }

TARGETS="direct"
if [[ -f "$BENCH_WORK/java-baseline/classes/PassThrough.class" ]]; then TARGETS+=" vertx"; else log "bare Vert.x baseline not built: vertx target skipped"; fi
TARGETS+=" extra"
HAVE_PORTKEY=0; [[ -f "$BENCH_WORK/node_modules/@portkey-ai/gateway/build/start-server.js" ]] && HAVE_PORTKEY=1
case "$PORTKEY" in
  1) [[ $HAVE_PORTKEY == 1 ]] || { log "PORTKEY=1 but Portkey is not installed"; exit 1; }; TARGETS+=" portkey" ;;
  auto) [[ $HAVE_PORTKEY == 1 ]] && TARGETS+=" portkey" || log "Portkey not installed: skipped" ;;
esac

# ---- (b) mock upstream for the smoke test and warm-up (the harness starts its own afterwards) -------
start_mock() {
  MOCK_PORT=$MOCK_PORT node "$BENCH_WORK/mock-upstream.js" > "$OUT/mock-prewarm.log" 2>&1 &
  MOCK_PID=$!; STARTED+=("$MOCK_PID")
  wait_port "$MOCK_PORT" "$MOCK_PID" 10 || { log "mock upstream did not start"; cat "$OUT/mock-prewarm.log" >&2; exit 1; }
}

# ---- (c, d) Shepherd --------------------------------------------------------------------------------
TMPDIR_DB=$(mktemp -d /tmp/shepherd-bench-db.XXXXXX)
ADMIN_KEY="sk-shp-admin-bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
[[ -f "$SHEPHERD_CONFIG" ]] || { log "no config: $SHEPHERD_CONFIG"; exit 1; }
cp "$SHEPHERD_CONFIG" "$OUT/shepherd-config.yaml"

start_shepherd() { # access-log level (INFO|OFF) -> sets SHEPHERD_PID, CLIENT_KEY
  local level=$1 slog="$OUT/shepherd-access-$2.log"
  rm -f "$TMPDIR_DB"/shepherd.db*
  # shellcheck disable=SC2086
  SHEPHERD_BENCH_DB="$TMPDIR_DB/shepherd.db" SHEPHERD_ADMIN_KEY="$ADMIN_KEY" SHEPHERD_ACCESS_LOG="$level" \
    "$JAVA" --enable-native-access=ALL-UNNAMED $SHEPHERD_JAVA_OPTS -jar target/shepherd.jar \
    serve --config "$SHEPHERD_CONFIG" --port "$SHEPHERD_PORT" > "$slog" 2>&1 &
  SHEPHERD_PID=$!; STARTED+=("$SHEPHERD_PID")
  wait_port "$SHEPHERD_PORT" "$SHEPHERD_PID" 60 || { log "Shepherd did not start:"; tail -30 "$slog" >&2; exit 1; }
  CLIENT_KEY=$(client_key "$SHEPHERD_PORT" "$ADMIN_KEY" "$METERED")
  [[ -n "$CLIENT_KEY" ]] || { log "could not create a client key"; exit 1; }
}

smoke_and_warm() { # checks Shepherd through the mock, counts client-visible SSE events, warms up
  local u="http://127.0.0.1:$SHEPHERD_PORT/v1/chat/completions" r
  r=$(curl -s -w '\n%{http_code}' -XPOST "$u" -H "Authorization: Bearer $CLIENT_KEY" -H 'content-type: application/json' \
        -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}')
  [[ "${r##*$'\n'}" == 200 && "$r" == *'"chat.completion"'* ]] || { log "smoke FAIL non-stream: $r"; exit 1; }
  r=$(curl -s -XPOST "$u" -H "Authorization: Bearer $CLIENT_KEY" -H 'content-type: application/json' \
        -d '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}')
  [[ "$r" == *'data: [DONE]'* ]] || { log "smoke FAIL stream: $r"; exit 1; }
  EVENTS=$(grep -c '^data:' <<<"$r")
  printf '%s\n' "$r" > "$OUT/stream-sample.sse"
  log "smoke ok: $EVENTS SSE events per stream reach the client (incl. [DONE])"
  for m in nonstream stream; do
    local s=0; [[ $m == stream ]] && s=1
    STREAM=$s WRK_HEADERS="Authorization: Bearer $CLIENT_KEY" LABEL=prewarm \
      wrk -t2 -c32 -d"$PREWARM" -s "$BENCH_WORK/chat.lua" "http://127.0.0.1:$SHEPHERD_PORT" > "$OUT/prewarm-$m.txt" 2>&1 || true
  done
}

# ---- (e) harness passes -----------------------------------------------------------------------------
PASSES=()
RUN_TARGETS=""
for a in $ACCESS_LOGS; do
  case "$a" in on) level=INFO; name=shepherd; tg=$TARGETS ;; off) level=OFF; name=shepherd-nolog; tg=$OFF_TARGETS ;;
    *) log "ACCESS_LOGS: unknown value '$a' (expected: on, off)"; exit 1 ;; esac
  RUN_TARGETS+=" $tg"
  log "pass access-log=$a: starting Shepherd"
  start_mock
  start_shepherd "$level" "$a"
  smoke_and_warm
  stop_pid "$MOCK_PID"
  log "pass access-log=$a: harness TARGETS=\"$tg\" (Shepherd pid $SHEPHERD_PID)"
  harness_ok=1
  (cd "$BENCH_WORK" && TARGETS="$tg" EXTRA_URL="http://127.0.0.1:$SHEPHERD_PORT" EXTRA_PID="$SHEPHERD_PID" \
     EXTRA_NAME="$name" EXTRA_HEADERS="Authorization: Bearer $CLIENT_KEY" ./bench.sh) 2>&1 | tee "$OUT/harness-$a.txt" || harness_ok=0
  if ! kill -0 "$SHEPHERD_PID" 2>/dev/null; then   # died during the run: say how, keep what was measured
    status=0; wait "$SHEPHERD_PID" 2>/dev/null || status=$?
    log "Shepherd (pid $SHEPHERD_PID) exited during the harness run with status $status" \
        "($( ((status > 128)) && echo "signal $((status - 128))" || echo "exit code")); last log lines:"
    tail -5 "$OUT/shepherd-access-$a.log" >&2
    echo "shepherd exited during the run: status $status" >> "$OUT/FAILED"
  fi
  res=$(sed -nE 's/.*results in (\/[^ ]+).*/\1/p' "$OUT/harness-$a.txt" | tail -1)
  [[ -n "$res" && -f "$res/results.tsv" ]] || { log "no harness results found (see $OUT/harness-$a.txt)"; exit 1; }
  [[ $harness_ok == 1 ]] || { log "harness failed (see $OUT/harness-$a.txt); reporting what it measured"; echo "harness failed: pass $a" >> "$OUT/FAILED"; }
  cp -r "$res" "$OUT/peer-$a"
  echo "$EVENTS" > "$OUT/peer-$a/events_per_stream"
  echo "$name" > "$OUT/peer-$a/gateway_name"
  stop_pid "$SHEPHERD_PID"
  slog="$OUT/shepherd-access-$a.log"
  if [[ "${KEEP_ACCESS_LOG:-0}" != 1 && -f "$slog" ]]; then   # ~330 bytes per request: keep a sample
    lines=$(wc -l < "$slog"); head -200 "$slog" > "$slog.head"; mv "$slog.head" "$slog"
    echo "... ($lines lines in total; KEEP_ACCESS_LOG=1 keeps them all)" >> "$slog"
  fi
  PASSES+=("$OUT/peer-$a")
done

# ---- (f) report -------------------------------------------------------------------------------------
{
  echo "## Shepherd vs direct / bare Vert.x$([[ " $RUN_TARGETS " == *" portkey "* ]] && echo " / Portkey") — $(date -Is)"
  echo
  echo "host: $(nproc) CPUs, $(uname -r); $("$JAVA" -version 2>&1 | head -1); Shepherd opts: $SHEPHERD_JAVA_OPTS;"\
       "$([[ $QUICK == 1 ]] && echo "QUICK=1 (5 s runs, 1 repeat)" || echo "runs of ${DURATION:-12s}, ${REPEATS:-2} repeats, medians");"\
       "connections: ${CONNS:-64 8 1}; raw: bench/results/$TS"
  echo
  "$ROOT/bench/report.sh" "${PASSES[@]}"
  if [[ -f "$OUT/FAILED" ]]; then echo; echo "**Incomplete run:** $(paste -sd';' "$OUT/FAILED")"; fi
} | tee "$OUT/report.md"
[[ ! -f "$OUT/FAILED" ]]
