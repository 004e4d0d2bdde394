// Overview: traffic, errors, latency and spend.
//  - Spend and requests per day: the usage report (GET /admin/v1/usage?by=day), last 30 UTC days.
//  - Requests/s, failure share and latency p50/p95/p99 over the last hour: the request log
//    (GET /admin/v1/requests), bucketed per minute, refreshed every 10 s.
//  - Per model over the last hour and SLO verdicts: GET /admin/v1/slo.
//  - A server without the request log: upstream attempts/s, failed-attempt share and average
//    latency, sampled from GET /admin/v1/routing every 3 s while the page is open.

import { get, optional } from '../api.js';
import { h, card, fill, message, money, num, pct, ms, day } from '../dom.js';
import { lineChart, barChart } from '../charts.js';
import { bucketRequests, percentile, totals, rates, points } from './series.js';
import { sloCard, breaches } from './slo.js';

const DAYS = 30;
const SAMPLE_MS = 3000;
const LOG_REFRESH_MS = 10_000;
const KEEP = 120; // routing samples: 6 minutes
const samples = []; // kept while the console is open, so coming back to the page keeps the line

/** Axis labels for a ratio: "0%", "2.5%", "10%". */
const percentAxis = v => {
  const p = v * 100;
  return (Number.isInteger(Math.round(p * 1000) / 1000) ? p.toFixed(0) : p.toFixed(p < 1 ? 2 : 1)) + '%';
};

function kpi(label, sub, id) {
  const value = h('strong', null, '—');
  const el = h('div', { class: 'kpi', id }, h('span', { class: 'kpi-label' }, label), value,
    h('small', { class: 'muted' }, sub || ''));
  el.set = (text, subText) => {
    value.textContent = text;
    if (subText !== undefined) el.querySelector('small').textContent = subText;
  };
  return el;
}

/** The last DAYS UTC days with zeros where the report has no row. */
export function dailySeries(report, today = new Date()) {
  const byDay = new Map(report.rows.map(r => [r.group, r]));
  const out = [];
  for (let i = DAYS - 1; i >= 0; i--) {
    const d = day(new Date(today.getTime() - i * 86_400_000));
    const r = byDay.get(d);
    out.push({ day: d, requests: r ? r.requests : 0, cost: r ? Number(r.cost) : 0, list: r ? Number(r.list_cost) : 0 });
  }
  return out;
}

/** Up to two pages (2,000 rows) of the request log, newest first; null when the server has none. */
async function recentRequests() {
  const first = await optional('requests?limit=1000');
  if (first === null) return null;
  let rows = first.data;
  let more = first.has_more;
  if (more && first.next_before) {
    const second = await get('requests?limit=1000&before=' + encodeURIComponent(first.next_before));
    rows = rows.concat(second.data);
    more = second.has_more;
  }
  return { rows, complete: !more };
}

export async function render(main, scope) {
  const updated = h('span', { class: 'muted', id: 'overview-updated' });
  const k = {
    requests: kpi('Requests today', 'metered, UTC day', 'kpi-requests-today'),
    spend: kpi('Spend today', 'charged', 'kpi-spend-today'),
    spend30: kpi('Spend, 30 days', '', 'kpi-spend-30d'),
    rps: kpi('Requests/s', '', 'kpi-rps'),
    errors: kpi('Error rate', '', 'kpi-errors'),
    latency: kpi('Latency p95', '', 'kpi-latency'),
  };
  const charts = { spend: h('div', { id: 'chart-spend' }), requests: h('div', { id: 'chart-requests' }),
    rps: h('div', { id: 'chart-rps' }), errors: h('div', { id: 'chart-errors' }), latency: h('div', { id: 'chart-latency' }) };
  const titles = { rps: h('h2', null, 'Requests per second'), errors: h('h2', null, 'Error rate'), latency: h('h2', null, 'Latency') };
  const notes = { rps: h('p', { class: 'muted small' }), latency: h('p', { class: 'muted small' }) };
  const problems = h('div');
  const sloBox = h('div', { id: 'slo' });
  fill(main, h('div', { class: 'page-head' }, h('h1', null, 'Overview'), updated), problems,
    h('div', { class: 'kpis' }, Object.values(k)),
    h('div', { class: 'grid2' },
      card('Spend per day (USD, last 30 days)', charts.spend),
      card('Requests per day (metered)', charts.requests)),
    h('div', { class: 'grid3' },
      card(null, titles.rps, charts.rps, notes.rps),
      card(null, titles.errors, charts.errors),
      card(null, titles.latency, charts.latency, notes.latency)),
    sloBox);
  const problem = what => e => { problems.append(message('error', what + ': ' + e.message)); return null; };

  const to = new Date(Date.now() + 86_400_000);
  const from = new Date(Date.now() - (DAYS - 1) * 86_400_000);
  const [usage, slo, log] = await Promise.all([
    get(`usage?by=day&from=${day(from)}&to=${day(to)}`).catch(problem('Usage')),
    optional('slo').catch(problem('SLO')),
    recentRequests().catch(problem('Request log')),
  ]);
  if (!scope.alive) return;

  if (usage) {
    const series = dailySeries(usage);
    const today = series.at(-1);
    const pts = f => series.map((d, i) => ({ x: i, y: d[f], label: d.day.slice(5) }));
    lineChart(charts.spend, { series: [{ name: 'charged', points: pts('cost') }, { name: 'at list price', points: pts('list') }],
      yFormat: v => money(v) });
    barChart(charts.requests, { labels: series.map(d => d.day.slice(5)), series: [{ name: 'requests', values: series.map(d => d.requests) }],
      yFormat: v => num(v) });
    k.requests.set(num(today.requests));
    k.spend.set(money(today.cost));
    k.spend30.set(money(usage.total.cost), 'saved ' + money(usage.total.savings) + ' vs list');
  }
  if (slo) {
    fill(sloBox, sloCard(slo));
    const broken = breaches(slo).length;
    if (broken) problems.append(message('error', `${broken} SLO objective${broken > 1 ? 's' : ''} breached: see "Last hour by model".`));
  }
  const clock = t => new Date(t).toISOString().slice(11, 19);
  const stamp = extra => { updated.textContent = extra + ' · ' + clock(Date.now()) + ' UTC'; };

  if (log) {
    const showLog = ({ rows, complete }) => {
      const buckets = bucketRequests(rows, Date.now(), { minutes: 60, complete });
      lineChart(charts.rps, { series: [{ name: 'requests/s', points: points(buckets, 'rps') }], yFormat: v => v.toFixed(v < 10 ? 2 : 0) });
      lineChart(charts.errors, { series: [{ name: 'failed', points: points(buckets, 'errorRate') },
        { name: 'server errors (SLO)', points: points(buckets, 'serverErrorRate') }], yFormat: percentAxis });
      lineChart(charts.latency, { series: ['p50', 'p95', 'p99'].map(p => ({ name: p, points: points(buckets, p) })), yFormat: v => ms(v) });
      const hour = rows.filter(r => Date.now() - Date.parse(r.created_at) <= 3_600_000);
      const lat = hour.map(r => r.latency_ms).filter(v => typeof v === 'number').sort((a, b) => a - b);
      const lastMinute = rows.filter(r => Date.now() - Date.parse(r.created_at) <= 60_000).length;
      k.rps.set((lastMinute / 60).toFixed(2), 'last minute');
      k.errors.set(pct(hour.length ? hour.filter(r => r.outcome === 'ERROR' || r.outcome === 'INCOMPLETE').length / hour.length : null),
        `of ${num(hour.length)} requests, last hour`);
      k.latency.set(ms(percentile(lat, 0.95)), `p50 ${ms(percentile(lat, 0.5))} · p99 ${ms(percentile(lat, 0.99))}, last hour`);
      notes.rps.textContent = complete ? 'Per minute, from the request log.'
        : `Per minute, from the request log's last ${num(rows.length)} requests.`;
      stamp('request log');
    };
    showLog(log);
    scope.every(LOG_REFRESH_MS, () => recentRequests().then(l => scope.alive && l && showLog(l), () => {}));
    return;
  }

  titles.rps.textContent = 'Upstream attempts per second';
  titles.errors.textContent = 'Failed attempts';
  k.rps.querySelector('.kpi-label').textContent = 'Attempts/s';
  k.latency.querySelector('.kpi-label').textContent = 'Avg latency';
  notes.rps.textContent = 'Live: sampled every 3 s from the deployments\' totals while this page is open (this server keeps no request log).';
  notes.latency.textContent = 'Average upstream latency. Percentiles (p50/p95/p99) need the request log (GET /admin/v1/requests).';
  const sample = async () => {
    let routing;
    try {
      routing = await get('routing');
    } catch {
      return;
    }
    if (!scope.alive) return;
    samples.push({ t: Date.now(), ...totals(routing) });
    if (samples.length > KEEP) samples.splice(0, samples.length - KEEP);
    const r = rates(samples);
    lineChart(charts.rps, { series: [{ name: 'attempts/s', points: points(r, 'rps') }], yFormat: v => v.toFixed(v < 10 ? 2 : 0), emptyText: 'Sampling…' });
    lineChart(charts.errors, { series: [{ name: 'failed attempts', points: points(r, 'errorRate') }], yFormat: percentAxis, emptyText: 'Sampling…' });
    lineChart(charts.latency, { series: [{ name: 'avg latency', points: points(r, 'latency') }], yFormat: v => ms(v), emptyText: 'Sampling…' });
    const last = r.at(-1);
    if (last) {
      k.rps.set(last.rps.toFixed(2), 'live');
      k.errors.set(pct(last.errorRate), 'of attempts, live');
      k.latency.set(ms(last.latency), 'live');
    }
    stamp('config v' + routing.config_version);
  };
  await sample();
  setTimeout(() => scope.alive && sample(), 1000);
  scope.every(SAMPLE_MS, sample);
}
