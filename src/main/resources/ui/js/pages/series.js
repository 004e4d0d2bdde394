// Time series for the overview, from whichever source the server has:
//  - the request log (GET /admin/v1/requests): the most recent requests bucketed per minute into
//    requests/s, failure share and exact latency percentiles;
//  - otherwise the deployments' running totals (GET /admin/v1/routing), sampled by the page:
//    upstream attempts/s, failed-attempt share and average latency.

const MINUTE = 60_000;

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const failed = r => r.outcome === 'ERROR' || r.outcome === 'INCOMPLETE';

/**
 * Per-minute buckets of request-log rows over the last `minutes` before `now` (ms), starting no
 * earlier than the oldest row when the log had more than was fetched (`complete` false).
 * Returns [{t, label, requests, rps, failed, serverErrors, errorRate, p50, p95, p99}].
 */
export function bucketRequests(rows, now, { minutes = 60, complete = true } = {}) {
  const end = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  let start = end - minutes * MINUTE;
  const times = rows.map(r => Date.parse(r.created_at)).filter(t => !Number.isNaN(t));
  if (!complete && times.length) start = Math.max(start, Math.floor(Math.min(...times) / MINUTE) * MINUTE);
  const buckets = [];
  for (let t = start; t < end; t += MINUTE) buckets.push({ t, rows: [] });
  rows.forEach((r, i) => {
    const t = Date.parse(r.created_at);
    if (Number.isNaN(t) || t < start || t >= end) return;
    buckets[Math.floor((t - start) / MINUTE)].rows.push(r);
  });
  return buckets.map(({ t, rows: rs }) => {
    const seconds = Math.max(1, Math.min(60, (now - t) / 1000));
    const lat = rs.map(r => r.latency_ms).filter(v => typeof v === 'number').sort((a, b) => a - b);
    const nFailed = rs.filter(failed).length;
    return { t, label: new Date(t).toISOString().slice(11, 16), requests: rs.length, rps: rs.length / seconds,
      failed: nFailed, serverErrors: rs.filter(r => r.server_error).length,
      errorRate: rs.length ? nFailed / rs.length : null,
      serverErrorRate: rs.length ? rs.filter(r => r.server_error).length / rs.length : null,
      p50: percentile(lat, 0.5), p95: percentile(lat, 0.95), p99: percentile(lat, 0.99) };
  });
}

/** Upstream totals over all serving deployments (each id once: a deployment can serve several models). */
export function totals(routing) {
  const seen = new Map();
  for (const m of routing.models) {
    for (const d of m.deployments) if (!d.shadow) seen.set(d.id, d.totals);
  }
  let attempts = 0, failures = 0, latencySum = 0;
  for (const t of seen.values()) {
    attempts += t.attempts;
    failures += t.failures;
    latencySum += t.avg_latency_ms * t.attempts;
  }
  return { attempts, failures, latencySum };
}

/** Rates between consecutive samples of totals: [{t, rps, errorRate, latency}]. */
export function rates(samples) {
  const out = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1], b = samples[i];
    const dt = (b.t - a.t) / 1000;
    const dn = b.attempts - a.attempts;
    if (dt <= 0 || dn < 0) continue; // a reset of the totals
    out.push({ t: b.t, rps: dn / dt, errorRate: dn ? (b.failures - a.failures) / dn : 0,
      latency: dn ? (b.latencySum - a.latencySum) / dn : null });
  }
  return out;
}

/** Chart points of field f, skipping buckets where it is unknown. */
export function points(list, f, label = p => new Date(p.t).toISOString().slice(11, 19)) {
  return list.filter(p => p[f] !== null && p[f] !== undefined).map(p => ({ x: p.t, y: p[f], label: p.label ?? label(p) }));
}
