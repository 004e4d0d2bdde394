// Models & deployments: GET /admin/v1/routing, refreshed every 5 s (skipped while a weight is
// being edited). Saving a weight calls PATCH /admin/v1/deployments/{id}, which rewrites the
// config file and reloads it; a rejected change shows the server's reasons and changes nothing.

import { get, patch, post } from '../api.js';
import { h, card, fill, message, num, pct, ms, toast } from '../dom.js';

const REFRESH_MS = 5000;

function breaker(d) {
  const b = d.breaker;
  const text = b.state === 'open' ? `open · probe in ${ms(b.probe_in_ms)}` : b.state.replace('_', '-');
  const cooling = d.cooldown_ms > 0 ? h('span', { class: 'badge warn' }, 'cooling ' + ms(d.cooldown_ms)) : null;
  return [h('span', { class: 'badge ' + b.state }, text), ' ', cooling,
    h('small', { class: 'muted block' }, `${b.window_failures}/${b.window_attempts} failed in window`)];
}

function share(d) {
  if (d.shadow) return h('span', { class: 'muted' }, `shadow ${d.shadow_percent}%`);
  const bar = h('span', { class: 'share' }, h('meter', { min: 0, max: 1, value: d.tier_share }));
  return [bar, ' ', pct(d.tier_share)];
}

function weightEditor(model, d, state, status) {
  if (d.shadow) return h('span', { class: 'muted' }, '—');
  const input = h('input', { type: 'number', min: 0, step: 1, value: d.weight, class: 'weight',
    'aria-label': `weight of ${d.id} in ${model.id}`, 'data-deployment': d.id, 'data-model': model.id });
  const save = h('button', { type: 'button', class: 'small', disabled: true }, 'Save');
  input.addEventListener('input', () => {
    save.disabled = input.value === String(d.weight) || input.value === '';
    if (input.value === String(d.weight)) state.editing.delete(input);
    else state.editing.add(input);
  });
  input.addEventListener('keydown', e => { if (e.key === 'Enter' && !save.disabled) save.click(); });
  save.addEventListener('click', async () => {
    const weight = Number(input.value);
    if (!Number.isInteger(weight) || weight < 0) {
      fill(status, message('error', `${d.id}: a weight is a whole number ≥ 0.`));
      return;
    }
    save.disabled = true;
    fill(status, message('note', `Saving ${d.id}…`));
    try {
      const r = await patch('deployments/' + encodeURIComponent(d.id), { weight, model: model.id });
      state.editing.delete(input);
      fill(status);
      toast(`${d.id} in ${model.id}: weight ${weight} (config v${r.config_version})`);
      await state.refresh();
    } catch (e) {
      save.disabled = false;
      fill(status, message('error', `${d.id}: ${e.message}`));
    }
  });
  return h('div', { class: 'weight-edit' }, input, save);
}

function modelCard(m, state) {
  const rows = m.deployments;
  const status = h('div', { class: 'model-status', 'data-model': m.id });
  const columns = [
    ['Deployment', d => [h('strong', null, d.id), d.available ? null : h('span', { class: 'badge off' }, 'unavailable')]],
    ['Priority', d => d.priority, true],
    ['Weight', d => weightEditor(m, d, state, status)],
    ['Tier share', d => share(d)],
    ['Breaker', d => breaker(d)],
    ['Attempts', d => num(d.totals.attempts), true],
    ['Failures', d => num(d.totals.failures), true],
    ['Avg latency', d => ms(d.totals.avg_latency_ms), true],
  ];
  const head = h('tr', null, columns.map(([label, , n]) => h('th', { class: n ? 'num' : null }, label)));
  const body = rows.map(d => h('tr', { 'data-deployment': d.id },
    columns.map(([label, cell, n]) => h('td', { class: n ? 'num' : null, 'data-label': label }, cell(d)))));
  return card(null, h('h2', null, m.id, m.sticky !== 'none' ? h('small', { class: 'muted' }, ` sticky: ${m.sticky}`) : null),
    h('div', { class: 'table-wrap' }, h('table', { class: 'deployments stack' }, h('thead', null, head), h('tbody', null, body))),
    status);
}

export async function render(main, scope) {
  const info = h('span', { class: 'muted' });
  const list = h('div', { id: 'models' });
  const problems = h('div');
  const reset = h('button', { type: 'button', class: 'small' }, 'Reset breakers');
  const state = { editing: new Set(), refresh: null };
  fill(main, h('div', { class: 'page-head' }, h('h1', null, 'Models & deployments'), info, reset), problems,
    h('p', { class: 'muted small' }, 'Weights split traffic within a priority tier (0 drains a deployment). Saving a weight rewrites it in the config file, keeping comments, and reloads the config; an invalid change is refused and nothing changes.'),
    list);

  const show = r => {
    info.textContent = `config v${r.config_version} · retry budget ${r.retry_budget.retries_left} left`;
    fill(list, r.models.map(m => modelCard(m, state)));
  };
  state.refresh = async () => {
    const r = await get('routing');
    if (scope.alive) show(r);
  };
  reset.addEventListener('click', async () => {
    try {
      show(await post('routing/reset'));
      toast('Breakers closed and cooldowns ended');
    } catch (e) {
      fill(problems, message('error', e.message));
    }
  });
  await state.refresh();
  scope.every(REFRESH_MS, () => {
    const busy = [...state.editing].some(i => i.isConnected) || document.activeElement?.matches?.('input.weight');
    if (!busy) state.refresh().then(() => fill(problems), e => fill(problems, message('error', e.message)));
  });
}
