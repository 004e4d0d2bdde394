// Reads GET /admin/v1/slo into chart series. Until that endpoint's shape is settled this accepts
// an hourly list under "hours", "hourly", "rollups" or "data", each bucket with a start time
// ("hour", "start", "from" or "t": ISO or epoch seconds), "requests", "errors" (or "failed",
// or "error_rate") and latency percentiles ("p50_ms"… or "latency_ms": {p50, p95, p99}).
// Answers null when nothing usable is there (the overview then samples /admin/v1/routing).

function bucketsOf(slo) {
  for (const k of ['hours', 'hourly', 'rollups', 'data']) if (Array.isArray(slo?.[k])) return slo[k];
  return null;
}

function time(b) {
  const v = b.hour ?? b.start ?? b.from ?? b.t;
  if (typeof v === 'number') return v < 1e12 ? v * 1000 : v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

function latency(b, p) {
  return b[p + '_ms'] ?? b.latency_ms?.[p] ?? b.latency?.[p + '_ms'] ?? b.latency?.[p] ?? null;
}

export function sloView(slo) {
  const buckets = bucketsOf(slo);
  if (!buckets || buckets.length === 0) return null;
  const rows = buckets.map(b => {
    const t = time(b);
    const requests = b.requests ?? b.count ?? 0;
    const errors = b.errors ?? b.failed ?? null;
    const seconds = b.seconds ?? 3600;
    return { t, label: t === null ? '' : new Date(t).toISOString().slice(5, 13).replace('T', ' ') + 'h',
      rps: requests / seconds,
      errorRate: b.error_rate ?? (requests && errors !== null ? errors / requests : 0),
      p50: latency(b, 'p50'), p95: latency(b, 'p95'), p99: latency(b, 'p99') };
  }).filter(r => r.t !== null).sort((a, b) => a.t - b.t);
  if (rows.length === 0) return null;
  const pts = f => rows.filter(r => r[f] !== null && r[f] !== undefined).map(r => ({ x: r.t, y: Number(r[f]), label: r.label }));
  return { rps: pts('rps'), errors: pts('errorRate'), p50: pts('p50'), p95: pts('p95'), p99: pts('p99'), now: rows.at(-1) };
}
