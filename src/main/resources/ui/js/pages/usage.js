// Usage and savings: GET /admin/v1/usage (by model, key or UTC day; one account or all), a chart
// of what was charged against the official list price, the table, and a CSV export of the same
// report (format=csv, fetched with the admin key and saved through a Blob download).

import { get, call } from '../api.js';
import { h, card, fill, field, message, money, num, table, day } from '../dom.js';
import { barChart, lineChart } from '../charts.js';

function monthStart(d) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

function query(f) {
  const p = new URLSearchParams();
  for (const k of ['by', 'from', 'to', 'account', 'currency']) if (f.get(k)) p.set(k, f.get(k));
  return p;
}

/** Saves text as a file through a temporary object URL. */
function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function render(main, scope) {
  const now = new Date();
  const accountSelect = h('select', { name: 'account' }, h('option', { value: '' }, 'all accounts'));
  const form = h('form', { class: 'form-grid filters', id: 'usage-form' },
    field('Group by', h('select', { name: 'by' }, ['model', 'key', 'day'].map(b => h('option', { value: b }, b)))),
    field('From', h('input', { type: 'date', name: 'from', value: day(monthStart(now)), required: true })),
    field('To (exclusive)', h('input', { type: 'date', name: 'to', value: day(new Date(now.getTime() + 86_400_000)), required: true })),
    field('Account', accountSelect),
    field('Currency view', h('input', { name: 'currency', placeholder: 'default', maxlength: 3, size: 4 })),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Show'),
      h('button', { type: 'button', id: 'export-csv' }, 'Export CSV')));
  const status = h('div');
  const chart = h('div', { id: 'chart-usage' });
  const tableBox = h('div', { id: 'usage-table' });
  const summary = h('p', { class: 'muted small' });
  fill(main, h('div', { class: 'page-head' }, h('h1', null, 'Usage & savings')),
    card(null, form, status), card('Charged vs official list price (USD)', chart, summary), card('Report', tableBox));

  const show = async () => {
    const r = await get('usage?' + query(new FormData(form)));
    if (!scope.alive) return;
    fill(status);
    const labels = r.rows.map(x => x.group);
    const spec = { series: [{ name: 'charged', values: r.rows.map(x => Number(x.cost)) },
      { name: 'at list price', values: r.rows.map(x => Number(x.list_cost)) }], yFormat: v => money(v) };
    if (r.by === 'day' && r.rows.length > 1) {
      lineChart(chart, { series: spec.series.map(se => ({ name: se.name, points: se.values.map((v, i) => ({ x: i, y: v, label: labels[i].slice(5) })) })),
        yFormat: spec.yFormat });
    } else {
      barChart(chart, { labels, ...spec, emptyText: 'No usage in this period' });
    }
    const c = r.currency;
    summary.textContent = `${r.from.slice(0, 10)} to ${r.to.slice(0, 10)} (end exclusive). ${c} view: paid = cost ÷ plan rate ${r.plan_rate}; official = list cost × market rate ${r.market_rate}.`;
    const rows = [...r.rows, { ...r.total, group: 'Total', total: true }];
    fill(tableBox, table([
      { label: r.by[0].toUpperCase() + r.by.slice(1), cell: x => x.total ? h('strong', null, x.group) : x.group },
      { label: 'Requests', cell: x => num(x.requests), num: true },
      { label: 'Prompt tokens', cell: x => num(x.prompt_tokens), num: true },
      { label: 'Cached', cell: x => num(x.cached_tokens), num: true },
      { label: 'Completion', cell: x => num(x.completion_tokens), num: true },
      { label: 'Charged', cell: x => money(x.cost), num: true },
      { label: 'List price', cell: x => money(x.list_cost), num: true },
      { label: 'Saved', cell: x => [money(x.savings), h('small', { class: 'muted block' }, x.savings_percent + '%')], num: true },
      { label: `Paid (${c})`, cell: x => money(x.in_currency.paid, c), num: true },
      { label: `Official (${c})`, cell: x => money(x.in_currency.official, c), num: true },
      { label: `Saved (${c})`, cell: x => [money(x.in_currency.savings, c), h('small', { class: 'muted block' }, x.in_currency.savings_percent + '%')], num: true },
    ], rows, { class: 'report' }));
  };

  form.addEventListener('submit', e => {
    e.preventDefault();
    show().catch(err => fill(status, message('error', err.message)));
  });
  form.querySelector('#export-csv').addEventListener('click', async () => {
    if (!form.reportValidity()) return;
    const f = new FormData(form);
    const p = query(f);
    p.set('format', 'csv');
    try {
      const res = await call('GET', 'usage?' + p, undefined, { raw: true });
      const name = `shepherd-usage-by-${f.get('by')}-${f.get('from')}-${f.get('to')}${f.get('account') ? '-' + f.get('account') : ''}.csv`;
      download(name, await res.blob());
    } catch (err) {
      fill(status, message('error', err.message));
    }
  });

  const accounts = await get('accounts').then(r => r.data, () => []);
  accountSelect.append(...accounts.map(a => h('option', { value: a.id }, `${a.name} (${a.id})`)));
  await show().catch(err => fill(status, message('error', err.message)));
}
