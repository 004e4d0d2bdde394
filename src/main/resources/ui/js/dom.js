// Small DOM and formatting helpers. Everything the console shows is built with these: text goes
// in through textContent, never parsed as HTML, so data from the server cannot become markup.

/**
 * Creates an element: h('a', {href: '#/x', class: 'btn', onclick: fn}, 'text', child, [more]).
 * Attributes starting with "on" become event listeners; null/undefined/false attributes are
 * skipped; children may be strings, numbers, nodes, arrays or null.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A table: columns [{label, cell: row => node|string, num}]. On a phone each row becomes a block
 * of "label value" lines (class "stack", labels from data-label), so nothing needs side-scrolling.
 */
export function table(columns, rows, attrs = {}) {
  const head = h('tr', null, columns.map(c => h('th', { class: c.num ? 'num' : null, scope: 'col' }, c.label)));
  const body = rows.map(r => h('tr', null, columns.map(c => h('td', { class: c.num ? 'num' : null, 'data-label': c.label }, c.cell(r)))));
  const empty = rows.length === 0 ? h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, attrs.empty || 'Nothing yet.')) : null;
  return h('div', { class: 'table-wrap' }, h('table', { class: 'stack ' + (attrs.class || '') }, h('thead', null, head), h('tbody', null, body, empty)));
}

/** A titled panel. */
export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, children);
}

/** A labelled form field around an input/select. */
export function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', null, label), input, hint ? h('small', { class: 'muted' }, hint) : null);
}

/** An inline message: kind is 'error', 'ok' or 'note'. */
export function message(kind, text) {
  return h('p', { class: 'msg ' + kind, role: kind === 'error' ? 'alert' : null }, text);
}

let toastTimer;
/** Shows a short notice at the bottom of the screen. */
export function toast(text, kind = 'ok') {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.className = 'toast ' + kind;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 4000);
}

const int = new Intl.NumberFormat('en-US');
/** 12,345 */
export const num = n => (n === null || n === undefined || Number.isNaN(Number(n))) ? '—' : int.format(Number(n));

/** Money from the API's decimal strings ("0.000075"): shown with 2–6 decimals as needed. */
export function money(s, currency = 'USD') {
  if (s === null || s === undefined) return '—';
  const v = Number(s);
  const digits = Math.abs(v) >= 1 || v === 0 ? 2 : Math.min(6, Math.max(2, -Math.floor(Math.log10(Math.abs(v))) + 1));
  const sym = currency === 'USD' ? '$' : currency === 'CNY' ? '¥' : '';
  const text = v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return sym ? (v < 0 ? '-' + sym + text.slice(1) : sym + text) : text + ' ' + currency;
}

/** Epoch seconds (or null) as "2026-11-24 13:05" UTC. */
export function when(epochSeconds) {
  if (epochSeconds === null || epochSeconds === undefined) return '—';
  return new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** "12.3%" from a ratio 0..1. */
export const pct = r => (r === null || r === undefined || Number.isNaN(r)) ? '—' : (r * 100).toFixed(r < 0.1 && r > 0 ? 2 : 1) + '%';

/** "123 ms", "1.2 s". */
export const ms = v => (v === null || v === undefined || Number.isNaN(Number(v))) ? '—'
  : Number(v) >= 1000 ? (Number(v) / 1000).toFixed(2) + ' s' : Math.round(Number(v)) + ' ms';

/** YYYY-MM-DD of a Date in UTC. */
export const day = d => d.toISOString().slice(0, 10);
