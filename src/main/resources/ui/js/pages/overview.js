// Overview: traffic, errors, latency and spend. Spend and requests per day come from the usage
// report (GET /admin/v1/usage?by=day). Hourly requests/s, error rate and latency percentiles come
// from GET /admin/v1/slo when the server has it; otherwise the page samples the deployments'
// running totals in GET /admin/v1/routing every few seconds while it is open (live attempts/s,
// failure ratio, average latency) and says that percentiles need /admin/v1/slo.

import { get, optional } from '../api.js';
import { h, card, fill, message, money, num, pct, ms, day } from '../dom.js';
import { lineChart, barChart } from '../charts.js';
import { sloView } from './slo.js';

const DAYS = 30;
const SAMPLE_MS = 3000;
const KEEP = 120; // samples: 6 minutes
const samples = []; // {t, attempts, failures, latencySum}, kept while the console is open

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

/** Rates between consecutive samples: [{t, rps, errorRate, latency}]. */
export function rates(list) {
  const out = [];
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1], b = list[i];
    const dt = (b.t - a.t) / 1000;
    const dn = b.attempts - a.attempts;
    if (dt <= 0 || dn < 0) continue; // a reload can reset totals
    out.push({ t: b.t, rps: dn / dt, errorRate: dn ? (b.failures - a.failures) / dn : 0,
      latency: dn ? (b.latencySum - a.latencySum) / dn : null });
  }
  return out;
}

function kpi(label, value, sub, id) {
  return h('div', { class: 'kpi', id }, h('span', { class: 'kpi-label' }, label), h('strong', null, value),
    sub ? h('small', { class: 'muted' }, sub) : null);
}

/** Axis labels for a ratio: "0%", "2.5%", "10%". */
const percentAxis = v => {
  const p = v * 100;
  return (Number.isInteger(Math.round(p * 1000) / 1000) ? p.toFixed(0) : p.toFixed(p < 1 ? 2 : 1)) + '%';
};

function clock(t) {
  return new Date(t).toISOString().slice(11, 19);
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

export async function render(main, scope) {
  const head = h('div', { class: 'page-head' }, h('h1', null, 'Overview'), h('span', { class: 'muted', id: 'overview-updated' }));
  const kpis = h('div', { class: 'kpis' });
  const rpsChart = h('div', { id: 'chart-rps' });
  const errChart = h('div', { id: 'chart-errors' });
  const latChart = h('div', { id: 'chart-latency' });
  const spendChart = h('div', { id: 'chart-spend' });
  const reqChart = h('div', { id: 'chart-requests' });
  const liveNote = h('p', { class: 'muted small' });
  const rpsTitle = h('h2', null, 'Requests per second');
  const latNote = h('p', { class: 'muted small' });
  const problems = h('div');
  fill(main, head, problems, kpis,
    h('div', { class: 'grid2' },
      card('Spend per day (USD, last 30 days)', spendChart),
      card('Requests per day (metered)', reqChart)),
    h('div', { class: 'grid3' },
      card(null, rpsTitle, rpsChart, liveNote),
      card('Error rate', errChart),
      card('Latency', latChart, latNote)));

  const to = new Date(Date.now() + 86_400_000);
  const from = new Date(Date.now() - (DAYS - 1) * 86_400_000);
  const [usage, slo] = await Promise.all([
    get(`usage?by=day&from=${day(from)}&to=${day(to)}`).catch(e => { problems.append(message('error', 'Usage: ' + e.message)); return null; }),
    optional('slo').catch(e => { problems.append(message('error', 'SLO: ' + e.message)); return null; }),
  ]);
  if (!scope.alive) return;

  const series = usage ? dailySeries(usage) : [];
  const today = series.at(-1) || { requests: 0, cost: 0 };
  const points = key => series.map((d, i) => ({ x: i, y: d[key], label: d.day.slice(5) }));
  lineChart(spendChart, { series: [{ name: 'charged', points: points('cost') }, { name: 'at list price', points: points('list') }],
    yFormat: v => money(v) });
  barChart(reqChart, { labels: series.map(d => d.day.slice(5)), series: [{ name: 'requests', values: series.map(d => d.requests) }],
    yFormat: v => num(v) });

  const staticKpis = [
    kpi('Requests today', num(today.requests), 'metered, UTC day', 'kpi-requests-today'),
    kpi('Spend today', money(today.cost), 'charged', 'kpi-spend-today'),
    kpi('Spend, 30 days', usage ? money(usage.total.cost) : '—', usage ? 'saved ' + money(usage.total.savings) + ' vs list' : null, 'kpi-spend-30d'),
  ];

  const view = slo ? sloView(slo) : null;
  if (view) {
    lineChart(rpsChart, { series: [{ name: 'requests/s', points: view.rps }], yFormat: v => v.toFixed(2) });
    lineChart(errChart, { series: [{ name: 'error rate', points: view.errors }], yFormat: percentAxis });
    lineChart(latChart, { series: [{ name: 'p50', points: view.p50 }, { name: 'p95', points: view.p95 }, { name: 'p99', points: view.p99 }],
      yFormat: v => ms(v) });
    liveNote.textContent = 'Hourly, from GET /admin/v1/slo.';
    fill(kpis, staticKpis, kpi('Requests/s', view.now.rps === null ? '—' : view.now.rps.toFixed(2), 'last hour'),
      kpi('Error rate', pct(view.now.errorRate), 'last hour'),
      kpi('Latency p50 / p95 / p99', [view.now.p50, view.now.p95, view.now.p99].map(ms).join(' / '), 'last hour', 'kpi-latency'));
    return;
  }

  rpsTitle.textContent = 'Upstream attempts per second';
  latNote.textContent = 'Average upstream latency, sampled. Percentiles (p50/p95/p99) need GET /admin/v1/slo, which this server does not have.';
  liveNote.textContent = 'Live: upstream attempts per second, sampled every 3 s from the deployments\' totals while this page is open.';
  const liveKpis = [kpi('Attempts/s', '—', 'live', 'kpi-rps'), kpi('Error rate', '—', 'live', 'kpi-errors'), kpi('Avg latency', '—', 'live', 'kpi-latency')];
  fill(kpis, staticKpis, liveKpis);

  const sample = async () => {
    let routing;
    try {
      routing = await get('routing');
    } catch (e) {
      return;
    }
    if (!scope.alive) return;
    samples.push({ t: Date.now(), ...totals(routing) });
    if (samples.length > KEEP) samples.splice(0, samples.length - KEEP);
    const r = rates(samples);
    const pts = f => r.filter(p => p[f] !== null).map(p => ({ x: p.t, y: p[f], label: clock(p.t) }));
    lineChart(rpsChart, { series: [{ name: 'attempts/s', points: pts('rps') }], yFormat: v => v.toFixed(v < 10 ? 2 : 0),
      emptyText: 'Sampling…' });
    lineChart(errChart, { series: [{ name: 'failed attempts', points: pts('errorRate') }], yFormat: percentAxis, emptyText: 'Sampling…' });
    lineChart(latChart, { series: [{ name: 'avg latency', points: pts('latency') }], yFormat: v => ms(v), emptyText: 'Sampling…' });
    const last = r.at(-1);
    if (last) {
      liveKpis[0].querySelector('strong').textContent = last.rps.toFixed(2);
      liveKpis[1].querySelector('strong').textContent = pct(last.errorRate);
      liveKpis[2].querySelector('strong').textContent = ms(last.latency);
    }
    document.getElementById('overview-updated').textContent = 'config v' + routing.config_version + ' · ' + clock(Date.now()) + ' UTC';
  };
  await sample();
  setTimeout(() => scope.alive && sample(), 1000);
  scope.every(SAMPLE_MS, sample);
}
