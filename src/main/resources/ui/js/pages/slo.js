// GET /admin/v1/slo (window 1h): per model requests, errors, error rate and latency percentiles,
// plus each configured objective's verdicts. Shown on the overview as a per-model chart and table.

import { h, card, money, num, pct, ms, table } from '../dom.js';
import { barChart } from '../charts.js';

/** The models that saw requests in the window, busiest first. */
export function sloModels(slo) {
  return (slo?.models ?? []).filter(m => m.requests > 0).sort((a, b) => b.requests - a.requests);
}

/** Objectives currently breached: [{metric, model, value, threshold}]. */
export function breaches(slo) {
  return (slo?.objectives ?? []).flatMap(o => (o.verdicts ?? []).filter(v => v.breached)
    .map(v => ({ metric: o.metric, model: v.model, value: v.value, threshold: o.threshold })));
}

/** A card: latency percentiles by model (chart), and a table with error rates and cost. */
export function sloCard(slo) {
  const models = sloModels(slo);
  const chart = h('div', { id: 'chart-slo-latency' });
  const broken = breaches(slo);
  const c = card(`Last ${slo.window ?? 'hour'} by model`,
    models.length ? chart : h('p', { class: 'muted' }, 'No requests in this window.'),
    models.length ? table([
      { label: 'Model', cell: m => h('strong', null, m.model) },
      { label: 'Requests', cell: m => num(m.requests), num: true },
      { label: 'Errors', cell: m => [num(m.errors), h('small', { class: 'muted block' }, pct(m.error_rate))], num: true },
      { label: 'p50', cell: m => ms(m.latency_ms?.p50), num: true },
      { label: 'p95', cell: m => ms(m.latency_ms?.p95), num: true },
      { label: 'p99', cell: m => ms(m.latency_ms?.p99), num: true },
      { label: 'TTFT p95', cell: m => ms(m.ttft_ms?.p95), num: true },
      { label: 'Cost', cell: m => money(m.cost), num: true },
    ], models) : null,
    broken.length ? h('ul', { class: 'breaches' }, broken.map(b =>
      h('li', null, h('span', { class: 'badge open' }, 'breached'), ` ${b.model}: ${b.metric} ${b.value} (objective ${b.threshold})`)))
      : (slo.objectives?.length ? h('p', { class: 'muted small' }, `All ${slo.objectives.length} objectives met.`) : null));
  if (models.length) {
    queueMicrotask(() => barChart(chart, {
      labels: models.map(m => m.model),
      series: ['p50', 'p95', 'p99'].map((p, i) => ({ name: 'latency ' + p, color: i, values: models.map(m => m.latency_ms?.[p] ?? 0) })),
      yFormat: v => ms(v),
    }));
  }
  return c;
}
