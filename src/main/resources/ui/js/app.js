// The console's shell: login, navigation (hash routes: #/overview, #/models, ...) and the page
// lifecycle. Each page module exports render(main, scope); scope.every(ms, fn) runs fn
// periodically while the page is shown, and scope.alive turns false when the operator leaves.

import { adminKey, get, logIn, logOut, whenUnauthorized, ApiError } from './api.js';
import { h, fill, message } from './dom.js';
import * as overview from './pages/overview.js';
import * as models from './pages/models.js';
import * as accounts from './pages/accounts.js';
import * as keys from './pages/keys.js';
import * as usage from './pages/usage.js';
import * as failed from './pages/failed.js';

const PAGES = { overview, models, accounts, keys, usage, failed };
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const logoutButton = document.getElementById('logout');
let scope = null;

/** What a page may hold while it is shown: timers that end when it is left. */
function newScope() {
  const timers = [];
  return {
    alive: true,
    every(msec, fn) {
      const id = setInterval(() => { if (!document.hidden) fn(); }, msec);
      timers.push(id);
    },
    dispose() {
      this.alive = false;
      timers.forEach(clearInterval);
    },
  };
}

function leave() {
  if (scope) scope.dispose();
  scope = null;
}

function loginPage(problem) {
  const input = h('input', { type: 'password', name: 'admin-key', id: 'admin-key', autocomplete: 'off',
    spellcheck: 'false', required: true, placeholder: 'SHEPHERD_ADMIN_KEY' });
  const status = h('div');
  const form = h('form', { class: 'login card', id: 'login-form' },
    h('h1', null, 'Shepherd console'),
    h('p', { class: 'muted' }, 'Enter the admin key. It is kept in this browser tab only (sessionStorage) and sent to this gateway\'s admin API.'),
    h('label', { class: 'field' }, h('span', null, 'Admin key'), input),
    h('button', { type: 'submit', class: 'primary' }, 'Log in'),
    status);
  if (problem) status.append(message('error', problem));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const key = input.value.trim();
    fill(status, message('note', 'Checking…'));
    try {
      await get('routing', { key });
      logIn(key);
      location.hash = '#/overview';
      route();
    } catch (err) {
      fill(status, message('error', err instanceof ApiError && err.status === 401
        ? 'The gateway refused this key.' : err.message));
    }
  });
  fill(main, form);
  input.focus();
}

function route() {
  leave();
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1] || 'overview';
  const loggedIn = adminKey() !== null;
  nav.hidden = !loggedIn;
  logoutButton.hidden = !loggedIn;
  if (!loggedIn) {
    loginPage();
    return;
  }
  const page = PAGES[name] || overview;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = 'Shepherd · ' + (nav.querySelector(`a[data-page="${name}"]`)?.textContent || 'console');
  fill(main);
  scope = newScope();
  const mine = scope;
  Promise.resolve().then(() => page.render(main, mine)).catch(err => {
    if (mine.alive) main.append(message('error', err.message));
  });
}

whenUnauthorized(() => {
  logOut();
  leave();
  nav.hidden = true;
  logoutButton.hidden = true;
  loginPage('The session ended: the gateway refused the key. Log in again.');
});

logoutButton.addEventListener('click', () => {
  logOut();
  location.hash = '#/login';
  route();
});

window.addEventListener('hashchange', route);
route();
