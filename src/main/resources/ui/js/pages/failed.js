// The last failed requests with their route traces, from GET /admin/v1/requests?status=failed
// when the server keeps a request log; otherwise the page says how to trace a request by hand.

import { optional } from '../api.js';
import { h, card, fill, message, ms, table } from '../dom.js';

function time(r) {
  const v = r.at ?? r.time ?? r.timestamp ?? r.created_at ?? r.started_at;
  if (v === undefined || v === null) return '—';
  const t = typeof v === 'number' ? (v < 1e12 ? v * 1000 : v) : Date.parse(v);
  return Number.isNaN(t) ? String(v) : new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

/** The route trace: each attempt (deployment, result, ms) and each skipped deployment with its reason. */
export function trace(r) {
  const attempts = r.attempts ?? r.route?.attempts ?? [];
  const skipped = r.skipped ?? r.route?.skipped ?? {};
  const items = attempts.map((a, i) => h('li', { class: a.result === 'ok' ? 'ok' : 'bad' },
    `${i + 1}. ${a.deployment} → ${a.result}${a.ms !== undefined ? ' · ' + ms(a.ms) : ''}`));
  const skips = Object.entries(skipped).map(([d, reason]) => h('li', { class: 'skip' }, `skipped ${d}: ${reason}`));
  if (items.length === 0 && skips.length === 0) {
    return r.route_trace ? h('code', null, r.route_trace) : h('span', { class: 'muted' }, 'no upstream attempt');
  }
  return h('ol', { class: 'trace' }, items, skips);
}

export async function render(main, scope) {
  const box = h('div', { id: 'failed' });
  fill(main, h('div', { class: 'page-head' }, h('h1', null, 'Failed requests')), box);
  const load = async () => {
    const r = await optional('requests?status=failed');
    if (!scope.alive) return;
    if (r === null) {
      fill(box, card(null, message('note', 'This server does not keep a request log (GET /admin/v1/requests is not available).'),
        h('p', null, 'To see one request\'s route, send it with the header ', h('code', null, 'x-shepherd-route-trace: 1'),
          '; the access log (stdout) has every request\'s attempts and skipped deployments.')));
      return false;
    }
    const rows = r.data ?? r.requests ?? [];
    fill(box, card(`Last ${rows.length} failed`, table([
      { label: 'Time (UTC)', cell: x => time(x) },
      { label: 'Request', cell: x => h('code', null, x.request_id ?? x.id ?? '—') },
      { label: 'Model', cell: x => x.model ?? '—' },
      { label: 'Key', cell: x => x.key_id ?? '—' },
      { label: 'Status', cell: x => h('span', { class: 'badge open' }, String(x.status ?? '—')) },
      { label: 'Error', cell: x => [x.error ?? x.outcome ?? '', x.error_detail ? h('small', { class: 'muted block' }, x.error_detail) : null] },
      { label: 'Route', cell: x => trace(x) },
      { label: 'Duration', cell: x => ms(x.duration_ms), num: true },
    ], rows, { empty: 'No failed requests recorded.' })));
    return true;
  };
  if (await load()) scope.every(10_000, () => load().catch(() => {}));
}
