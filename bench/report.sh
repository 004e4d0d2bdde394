#!/usr/bin/env bash
# Markdown report from one or more peer-harness result folders written by bench/run.sh:
#   bench/report.sh bench/results/<ts>/peer-on [bench/results/<ts>/peer-off]
# Each folder holds the harness's results.tsv and ttfb.tsv plus two files run.sh adds:
# events_per_stream (SSE events a client receives per stream, incl. [DONE]) and gateway_name.
# The first folder contributes every target; later ones only their gateway rows (their deltas and
# ratios are against the direct/vertx rows of the same folder, i.e. the same harness run).
# Medians over the repeats that ran (n; a repeat where wrk completed no request is left out and
# counted as failed); ΔPxx = median(target) − median(direct) for the same mode and connections.
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 RESULT_DIR..." >&2; exit 2; }

# Limits from the issue.
CPU_RATIO_MAX=1.5; CPU_EVENT_MAX_US=15; TTFB_MAX_MS=0.3

table() { # dir first(1|0)
  local dir=$1 first=$2
  awk -F'\t' -v gw="$(cat "$dir/gateway_name")" -v ev="$(cat "$dir/events_per_stream")" -v first="$first" '
    function med(list,   a, n, i, j, t) { n = split(list, a, " "); if (n == 0) return 0
      for (i = 2; i <= n; i++) { t = a[i] + 0; j = i - 1; while (j > 0 && a[j] + 0 > t) { a[j+1] = a[j]; j-- } a[j+1] = t }
      return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
    NR == 1 { next }
    $5 + 0 == 0 { failed[$1 SUBSEP $2 SUBSEP $3]++; next }   # wrk could not run (target down)
    { k = $1 SUBSEP $2 SUBSEP $3; seen[k] = 1; n[k]++
      rps[k] = rps[k] " " $5; p50[k] = p50[k] " " $6; p90[k] = p90[k] " " $7; p99[k] = p99[k] " " $8
      cpu[k] = cpu[k] " " $12; err[k] += $11 }
    END {
      nm = split("nonstream stream", modes, " "); nc = split("64 8 1", cs, " "); nt = split("direct vertx portkey " gw, ts, " ")
      for (mi = 1; mi <= nm; mi++) for (ci = 1; ci <= nc; ci++) for (ti = 1; ti <= nt; ti++) {
        t = ts[ti]; m = modes[mi]; c = cs[ci]; k = t SUBSEP m SUBSEP c
        if (!first && t != gw) continue
        if (!(k in seen)) { if (k in failed) printf "| %s | %s | %s | 0 | – all %d runs failed – | | | | | | | | | |\n", t, m, c, failed[k]; continue }
        d = "direct" SUBSEP m SUBSEP c; v = "vertx" SUBSEP m SUBSEP c
        dp50 = dp99 = cpus = ratio = perev = "-"
        if (t != "direct" && (d in seen)) {
          dp50 = sprintf("%+.2f", med(p50[k]) - med(p50[d])); dp99 = sprintf("%+.2f", med(p99[k]) - med(p99[d])) }
        if (t != "direct") {
          cu = med(cpu[k]); cpus = sprintf("%.0f", cu)
          if (m == "stream" && ev > 0) perev = sprintf("%.1f", cu / ev)
          if (t != "vertx" && (v in seen) && med(cpu[v]) > 0) ratio = sprintf("%.2f×", cu / med(cpu[v]))
        }
        mode = (m == "stream") ? "stream (" ev " ev)" : m
        errs = err[k] ((k in failed) ? sprintf(" (+%d failed runs)", failed[k]) : "")
        printf "| %s | %s | %s | %d | %.0f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |\n",
          t, mode, c, n[k], med(rps[k]), med(p50[k]), med(p90[k]), med(p99[k]), dp50, dp99, cpus, ratio, perev, errs
      }
    }' "$dir/results.tsv"
}

ttfb() { # dir first
  local dir=$1 first=$2
  [[ -s "$dir/ttfb.tsv" ]] || return 0
  awk -F'\t' -v gw="$(cat "$dir/gateway_name")" -v first="$first" '
    NR == 1 { next }
    $4 + 0 == 0 { next }                  # no response at all (target down)
    { k = $1 SUBSEP $2; seen[k] = 1; n[k] = $3; t50[k] = $4; t90[k] = $5; a50[k] = $6; a90[k] = $7 }
    END {
      nt = split("direct vertx portkey " gw, ts, " ")
      for (mi = 1; mi <= 2; mi++) for (ti = 1; ti <= nt; ti++) {
        m = (mi == 1) ? "stream" : "nonstream"; t = ts[ti]; k = t SUBSEP m; d = "direct" SUBSEP m
        if (!(k in seen) || (!first && t != gw)) continue
        o50 = o90 = "-"
        if (t != "direct" && (d in seen)) { o50 = sprintf("%+.3f", t50[k] - t50[d]); o90 = sprintf("%+.3f", t90[k] - t90[d]) }
        printf "| %s | %s | %d | %.3f | %.3f | %s | %s | %.3f | %.3f |\n", t, m, n[k], t50[k], t90[k], o50, o90, a50[k], a90[k]
      }
    }' "$dir/ttfb.tsv"
}

checks() { # dir
  local dir=$1
  local gw ev; gw=$(cat "$dir/gateway_name"); ev=$(cat "$dir/events_per_stream")
  awk -F'\t' -v gw="$gw" -v ev="$ev" -v rmax="$CPU_RATIO_MAX" -v emax="$CPU_EVENT_MAX_US" -v tmax="$TTFB_MAX_MS" \
      -v ttfbfile="$dir/ttfb.tsv" '
    function med(list,   a, n, i, j, t) { n = split(list, a, " "); if (n == 0) return 0
      for (i = 2; i <= n; i++) { t = a[i] + 0; j = i - 1; while (j > 0 && a[j] + 0 > t) { a[j+1] = a[j]; j-- } a[j+1] = t }
      return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
    function verdict(ok) { return ok ? "PASS" : "**FAIL**" }
    NR == 1 { next }
    $5 + 0 == 0 { next }
    { k = $1 SUBSEP $2 SUBSEP $3; seen[k] = 1; cpu[k] = cpu[k] " " $12; p50[k] = p50[k] " " $6 }
    END {
      split("64 8 1", cs, " ")
      line = ""
      for (ci = 1; ci <= 3; ci++) { c = cs[ci]; k = gw SUBSEP "nonstream" SUBSEP c; v = "vertx" SUBSEP "nonstream" SUBSEP c
        if ((k in seen) && (v in seen) && med(cpu[v]) > 0) { r = med(cpu[k]) / med(cpu[v])
          line = line sprintf(" c%s %.2f× (%s);", c, r, verdict(r <= rmax)) } }
      if (line != "") print "- " gw ": non-stream CPU/request ÷ bare Vert.x ≤ " rmax "×:" line
      line = ""
      for (ci = 1; ci <= 3; ci++) { c = cs[ci]; k = gw SUBSEP "stream" SUBSEP c
        if ((k in seen) && ev > 0) { e = med(cpu[k]) / ev; line = line sprintf(" c%s %.1f µs (%s);", c, e, verdict(e <= emax)) } }
      if (line != "") print "- " gw ": CPU per SSE event (" ev " events/stream) ≤ " emax " µs:" line
      while ((getline l < ttfbfile) > 0) { split(l, f, "\t"); if (f[2] == "stream" && f[4] + 0 > 0) tt[f[1]] = f[4] }
      if ((gw in tt) && ("direct" in tt)) { o = tt[gw] - tt["direct"]
        printf "- %s: stream TTFB overhead at 1 connection (p50, sequential curl) ≤ %s ms: %+.3f ms (%s)\n", gw, tmax, o, verdict(o <= tmax) }
      k = gw SUBSEP "stream" SUBSEP "1"; d = "direct" SUBSEP "stream" SUBSEP "1"
      if ((k in seen) && (d in seen)) printf "  (whole-stream ΔP50 at 1 connection under wrk: %+.2f ms)\n", med(p50[k]) - med(p50[d])
    }' "$dir/results.tsv"
}

echo "| target | mode | conns | n | RPS | P50 ms | P90 ms | P99 ms | ΔP50 ms | ΔP99 ms | CPU µs/req | CPU ÷ vertx | CPU µs/event | errors |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
first=1
for d in "$@"; do table "$d" "$first"; first=0; done
if [[ -s "$1/ttfb.tsv" ]]; then
  echo
  echo "Sequential requests on one keep-alive connection (curl; ms; Δ vs direct of the same pass):"
  echo
  echo "| target | mode | n | TTFB p50 | TTFB p90 | ΔTTFB p50 | ΔTTFB p90 | total p50 | total p90 |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  first=1
  for d in "$@"; do ttfb "$d" "$first"; first=0; done
fi
echo
echo "Targets:"
for d in "$@"; do checks "$d"; done
echo
echo "CPU µs/req = gateway process utime+stime (/proc/<pid>/stat) over the run ÷ requests completed;"\
     "CPU µs/event = CPU µs/req ÷ SSE events the client receives per stream; CPU ÷ vertx = ratio to the bare"\
     "Vert.x pass-through in the same run. direct has no gateway (its CPU column would be the mock's)."
