// API keys: list (GET /admin/v1/keys: never secrets), create (POST: the plaintext key is in that
// one answer only; shown once with a copy button and forgotten when the page is left) and revoke
// (DELETE /admin/v1/keys/{id}, after a second click to confirm).

import { get, post, del } from '../api.js';
import { h, card, fill, field, message, num, table, when, toast, money } from '../dom.js';

function status(k, now) {
  if (k.revoked_at) return h('span', { class: 'badge off' }, 'revoked');
  if (k.expires_at && k.expires_at * 1000 <= now) return h('span', { class: 'badge off' }, 'expired');
  return h('span', { class: 'badge closed' }, 'active');
}

function limits(k) {
  const parts = [];
  if (k.rpm) parts.push(num(k.rpm) + ' rpm');
  if (k.tpm) parts.push(num(k.tpm) + ' tpm');
  if (k.max_parallel) parts.push(k.max_parallel + ' parallel');
  if (k.daily_spend_cap) parts.push(money(k.daily_spend_cap) + '/day');
  if (k.monthly_spend_cap) parts.push(money(k.monthly_spend_cap) + '/month');
  return parts.length ? parts.join(', ') : h('span', { class: 'muted' }, 'defaults');
}

/** A button that asks "Really revoke?" on the first click and acts on the second (within 5 s). */
function revokeButton(k, onDone) {
  const b = h('button', { type: 'button', class: 'small danger', 'data-revoke': k.id }, 'Revoke');
  let armed = null;
  b.addEventListener('click', async () => {
    if (!armed) {
      b.textContent = 'Really revoke?';
      armed = setTimeout(() => { armed = null; b.textContent = 'Revoke'; }, 5000);
      return;
    }
    clearTimeout(armed);
    b.disabled = true;
    try {
      await del('keys/' + encodeURIComponent(k.id));
      toast(`Revoked ${k.name} (${k.prefix}…)`);
      await onDone();
    } catch (e) {
      b.disabled = false;
      toast(e.message, 'error');
    }
  });
  return b;
}

function revealed(created) {
  const input = h('input', { type: 'text', readonly: true, value: created.key, id: 'new-key', class: 'secret', spellcheck: 'false' });
  const copy = h('button', { type: 'button', class: 'primary' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(created.key);
    } catch {
      input.select();
      document.execCommand('copy');
    }
    copy.textContent = 'Copied';
  });
  return h('div', { class: 'reveal', role: 'alert' },
    h('p', null, h('strong', null, `Key "${created.name}" created. `), 'Copy it now: this is the only time it is shown; Shepherd keeps only its hash.'),
    h('div', { class: 'copy-row' }, input, copy));
}

function optionalInt(v) {
  return v === '' || v === null ? undefined : Number(v);
}

export async function render(main) {
  const listBox = h('div', { id: 'keys' });
  const reveal = h('div', { id: 'key-reveal' });
  const formStatus = h('div');
  const showRevoked = h('input', { type: 'checkbox', id: 'show-revoked' });
  const accountSelect = h('select', { name: 'account_id' }, h('option', { value: '' }, 'none (unmetered)'));
  const form = h('form', { class: 'form-grid', id: 'create-key' },
    field('Name', h('input', { name: 'name', required: true, placeholder: 'team-a-prod' })),
    field('Account', accountSelect, 'metered keys spend its credit'),
    field('Models', h('input', { name: 'models', placeholder: 'all' }), 'comma-separated model ids; empty: all'),
    field('Requests/min', h('input', { name: 'rpm', type: 'number', min: 1, placeholder: 'default' })),
    field('Tokens/min', h('input', { name: 'tpm', type: 'number', min: 1, placeholder: 'default' })),
    field('Expires', h('input', { name: 'expires', type: 'date' })),
    field('Daily cap (USD)', h('input', { name: 'daily_spend_cap', inputmode: 'decimal', placeholder: 'none' })),
    field('Monthly cap (USD)', h('input', { name: 'monthly_spend_cap', inputmode: 'decimal', placeholder: 'none' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create key')), formStatus);

  fill(main, h('div', { class: 'page-head' }, h('h1', null, 'API keys')), reveal,
    card('Keys', h('label', { class: 'inline' }, showRevoked, ' show revoked and expired'), listBox),
    card('New key', form));

  const load = async () => {
    const now = Date.now();
    const keys = (await get('keys')).data.filter(k => showRevoked.checked || (!k.revoked_at && !(k.expires_at && k.expires_at * 1000 <= now)));
    keys.sort((a, b) => b.created_at - a.created_at);
    fill(listBox, table([
      { label: 'Name', cell: k => [h('strong', null, k.name), h('small', { class: 'muted block' }, k.id)] },
      { label: 'Key', cell: k => h('code', null, k.prefix + '…') },
      { label: 'Account', cell: k => k.account_id || h('span', { class: 'muted' }, '—') },
      { label: 'Models', cell: k => k.models ? k.models.join(', ') : h('span', { class: 'muted' }, 'all') },
      { label: 'Limits', cell: k => limits(k) },
      { label: 'Created', cell: k => when(k.created_at) },
      { label: 'Expires', cell: k => when(k.expires_at) },
      { label: 'Status', cell: k => status(k, now) },
      { label: '', cell: k => k.revoked_at ? null : revokeButton(k, load) },
    ], keys, { empty: 'No keys.' }));
  };
  showRevoked.addEventListener('change', load);

  form.addEventListener('submit', async e => {
    e.preventDefault();
    const f = new FormData(form);
    const body = { name: f.get('name') };
    if (f.get('account_id')) body.account_id = f.get('account_id');
    const models = String(f.get('models')).split(',').map(s => s.trim()).filter(Boolean);
    if (models.length) body.models = models;
    body.rpm = optionalInt(f.get('rpm'));
    body.tpm = optionalInt(f.get('tpm'));
    if (f.get('expires')) body.expires_at = f.get('expires') + 'T00:00:00Z';
    if (f.get('daily_spend_cap')) body.daily_spend_cap = f.get('daily_spend_cap');
    if (f.get('monthly_spend_cap')) body.monthly_spend_cap = f.get('monthly_spend_cap');
    try {
      const created = await post('keys', body);
      fill(formStatus);
      fill(reveal, revealed(created));
      form.reset();
      reveal.scrollIntoView({ block: 'nearest' });
      await load();
    } catch (err) {
      fill(formStatus, message('error', err.message));
    }
  });

  const accounts = await get('accounts').then(r => r.data, () => []);
  accountSelect.append(...accounts.map(a => h('option', { value: a.id }, `${a.name} (${a.id})`)));
  await load();
}
