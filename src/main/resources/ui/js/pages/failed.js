// The last failed requests with their route traces, from GET /admin/v1/requests?status=failed
// (newest first; "route" is the trace line of x-shepherd-route-trace) when the server keeps a
// request log; otherwise the page says how to trace a request by hand.

import { optional } from '../api.js';
import { h, card, fill, message, ms, table } from '../dom.js';

function time(r) {
  const t = Date.parse(r.created_at);
  return Number.isNaN(t) ? '—' : new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Parses a route trace, "candidates=a,b; skipped=id:reason,…; attempts=id:result:ms,…[; stopped=…]"
 * (deployment ids may contain ":", so fields are split from the right).
 */
export function parseTrace(text) {
  const parts = Object.fromEntries(String(text).split('; ').map(p => {
    const i = p.indexOf('=');
    return [p.slice(0, i), p.slice(i + 1)];
  }));
  const list = v => (v ? v.split(',').filter(Boolean) : []);
  const attempts = list(parts.attempts).map(a => {
    const m = a.match(/^(.*):([^:]*):(\d+)ms$/);
    return m ? { deployment: m[1], result: m[2], ms: Number(m[3]) } : { deployment: a, result: '?' };
  });
  const skipped = Object.fromEntries(list(parts.skipped).map(s => {
    const i = s.lastIndexOf(':');
    return [s.slice(0, i), s.slice(i + 1)];
  }));
  return { candidates: list(parts.candidates), attempts, skipped, stopped: parts.stopped ?? null };
}

/** The route trace as a list: each attempt (deployment, result, ms), each skip with its reason. */
export function trace(r) {
  const t = typeof r.route === 'string' ? parseTrace(r.route) : { attempts: [], skipped: {}, stopped: null };
  const items = t.attempts.map((a, i) => h('li', { class: /^2/.test(a.result) ? 'ok' : 'bad' },
    `${a.deployment} → ${a.result}${a.ms !== undefined ? ' · ' + ms(a.ms) : ''}`));
  const skips = Object.entries(t.skipped).map(([d, reason]) => h('li', { class: 'skip' }, `skipped ${d}: ${reason}`));
  const stopped = t.stopped ? h('li', { class: 'skip' }, 'stopped: ' + t.stopped) : null;
  if (items.length === 0 && skips.length === 0) {
    return h('span', { class: 'muted' }, r.deployment ? 'via ' + r.deployment : 'no upstream attempt');
  }
  return h('ol', { class: 'trace' }, items, skips, stopped);
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
    const rows = r.data ?? [];
    fill(box, card(rows.length ? `Last ${rows.length} failed requests` : 'No failed requests in the request log', table([
      { label: 'Time (UTC)', cell: x => [h('span', { class: 'nowrap' }, time(x)), h('small', { class: 'muted block' }, h('code', null, x.id ?? '—'))] },
      { label: 'Request', cell: x => [h('strong', null, x.model ?? x.requested_model ?? '—'),
        h('small', { class: 'muted block' }, [x.key_id ?? 'no key', x.endpoint, x.stream ? 'stream' : null].filter(Boolean).join(' · '))] },
      { label: 'Status', cell: x => [h('span', { class: 'badge open' }, String(x.status ?? '—')), h('small', { class: 'block' }, x.error ?? x.outcome ?? '')] },
      { label: 'Detail', cell: x => h('span', { class: 'detail' }, x.error_detail ?? '') },
      { label: 'Route', cell: x => trace(x) },
      { label: 'Latency', cell: x => ms(x.latency_ms), num: true },
    ], rows, { empty: 'No failed requests recorded.', class: 'failed' })));
    return true;
  };
  if (await load()) scope.every(10_000, () => load().catch(() => {}));
}
