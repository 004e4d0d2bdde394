// Accounts: list with balances (GET /admin/v1/accounts), create (POST /admin/v1/accounts) and
// top up (POST /admin/v1/accounts/{id}/credits, idempotent on its reference).

import { get, post } from '../api.js';
import { h, card, fill, field, message, money, table, when, toast } from '../dom.js';

const CURRENCIES = ['USD', 'CNY'];

function currencyInput(name) {
  const list = h('datalist', { id: name + '-list' }, CURRENCIES.map(c => h('option', { value: c })));
  return [h('input', { name, list: name + '-list', value: 'USD', maxlength: 3, size: 4, required: true, autocapitalize: 'characters' }), list];
}

function reference() {
  const rnd = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  return 'console-' + new Date().toISOString().slice(0, 10) + '-' + rnd;
}

export async function render(main) {
  const listBox = h('div', { id: 'accounts' });
  const createStatus = h('div');
  const topupStatus = h('div');
  const accountSelect = h('select', { name: 'account', required: true });

  const createForm = h('form', { class: 'form-grid', id: 'create-account' },
    field('Name', h('input', { name: 'name', required: true, placeholder: 'team-a' })),
    field('Currency', currencyInput('currency'), 'usual top-up currency'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create account')), createStatus);

  const refInput = h('input', { name: 'reference', required: true, value: reference() });
  const topupForm = h('form', { class: 'form-grid', id: 'top-up' },
    field('Account', accountSelect),
    field('Amount', h('input', { name: 'amount', required: true, inputmode: 'decimal', pattern: '\\d+(\\.\\d{1,6})?', placeholder: '100.00' })),
    field('Currency', currencyInput('topup-currency'), 'converted at the plan rate'),
    field('Reference', refInput, 'payment id; the same reference credits once'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Top up')), topupStatus);

  fill(main, h('div', { class: 'page-head' }, h('h1', null, 'Accounts')),
    card('Balances', listBox),
    h('div', { class: 'grid2' }, card('Top up', topupForm), card('New account', createForm)));

  const load = async () => {
    const accounts = (await get('accounts')).data;
    fill(listBox, table([
      { label: 'Account', cell: a => [h('strong', null, a.name), h('small', { class: 'muted block' }, a.id)] },
      { label: 'Currency', cell: a => a.currency },
      { label: 'Balance', cell: a => money(a.balance), num: true },
      { label: 'Promo', cell: a => [money(a.promo_balance), a.promo_expires_at ? h('small', { class: 'muted block' }, 'until ' + when(a.promo_expires_at).slice(0, 10)) : null], num: true },
      { label: 'Held', cell: a => money(a.held), num: true },
      { label: 'Available', cell: a => h('strong', null, money(a.available)), num: true },
      { label: 'Created', cell: a => when(a.created_at) },
    ], accounts, { empty: 'No accounts yet.' }));
    const chosen = accountSelect.value;
    fill(accountSelect, accounts.map(a => h('option', { value: a.id, selected: a.id === chosen }, `${a.name} (${a.id})`)));
  };

  createForm.addEventListener('submit', async e => {
    e.preventDefault();
    const f = new FormData(createForm);
    try {
      const a = await post('accounts', { name: f.get('name'), currency: f.get('currency') });
      fill(createStatus, message('ok', `Created ${a.id} with ${money(a.promo_balance)} signup bonus.`));
      createForm.reset();
      await load();
      accountSelect.value = a.id;
    } catch (err) {
      fill(createStatus, message('error', err.message));
    }
  });

  topupForm.addEventListener('submit', async e => {
    e.preventDefault();
    const f = new FormData(topupForm);
    try {
      const r = await post('accounts/' + encodeURIComponent(f.get('account')) + '/credits',
        { amount: f.get('amount'), currency: String(f.get('topup-currency')).toUpperCase(), reference: f.get('reference') });
      fill(topupStatus, r.duplicate
        ? message('note', `Reference already used: nothing credited. Balance ${money(r.balance)}.`)
        : message('ok', `Credited ${money(r.credited)}. Balance ${money(r.balance)}.`));
      toast(r.duplicate ? 'Duplicate reference: not credited' : 'Credited ' + money(r.credited));
      refInput.value = reference();
      await load();
    } catch (err) {
      fill(topupStatus, message('error', err.message));
    }
  });

  await load();
}
