// Drives the admin console in headless Chromium (Debian's /usr/bin/chromium) with playwright-core;
// run by dev.shepherd.ui.ConsoleBrowserTest against a live test gateway. Prints "ok <step>" per
// step and exits non-zero on the first failure. Environment:
//   CONSOLE_URL   http://127.0.0.1:PORT/ui/      ADMIN_KEY  the gateway's admin key
//   CHROMIUM      the browser binary             PLAYWRIGHT the playwright-core package folder
//   OUT_DIR       where screenshots and the exported CSV go
import { join } from 'node:path';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';

const env = name => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const url = env('CONSOLE_URL');
const adminKey = env('ADMIN_KEY');
const out = env('OUT_DIR');
const origin = new URL(url).origin;
mkdirSync(out, { recursive: true });
const { chromium } = await import(pathToFileURL(join(env('PLAYWRIGHT'), 'index.mjs')).href);

const admin = async (path, init = {}) => {
  const res = await fetch(origin + '/admin/v1/' + path, { ...init, headers: { authorization: 'Bearer ' + adminKey, ...(init.headers || {}) } });
  return { status: res.status, body: await res.json() };
};
const weightOf = (routing, model, id) => routing.models.find(m => m.id === model).deployments.find(d => d.id === id).weight;
const ok = step => console.log('ok ' + step);

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const problems = [];
/** A page that records console errors (CSP violations show up there) and uncaught exceptions. */
async function open(options) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  // Error answers of the admin API are expected (wrong key, endpoints this server lacks, a refused
  // weight) and the browser logs each as "Failed to load resource"; anything else logged as an
  // error (a CSP violation, a script error) or any console file that fails to load is a problem.
  page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
  page.on('response', r => { if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/admin/v1/')) problems.push(r.status() + ' ' + r.url()); });
  page.on('pageerror', e => problems.push(String(e)));
  page.setDefaultTimeout(15_000);
  return page;
}
async function logIn(page) {
  await page.goto(url);
  await page.fill('#admin-key', adminKey);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav a[aria-current=page]');
}
const shot = (page, name) => page.screenshot({ path: join(out, name), fullPage: true });

try {
  // --- desktop ---
  const page = await open({ viewport: { width: 1366, height: 900 } });
  await page.goto(url);
  await page.fill('#admin-key', 'sk-shp-wrong');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-form .msg.error');
  assert.equal(await page.textContent('#login-form .msg.error'), 'The gateway refused this key.');
  await page.fill('#admin-key', adminKey);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav a[data-page=overview][aria-current=page]');
  assert.equal(await page.evaluate(() => document.cookie), '');
  ok('login');

  // Overview: the spend chart has drawn points, the requests chart a bar with height, and the
  // live sampler at least one rate point.
  await page.waitForFunction(() => document.querySelectorAll('#chart-spend circle.pt').length >= 30);
  await page.waitForFunction(() => [...document.querySelectorAll('#chart-requests rect.bar')].some(r => Number(r.getAttribute('height')) > 0));
  await page.waitForFunction(() => document.querySelectorAll('#chart-rps circle.pt').length >= 2, null, { timeout: 20_000 });
  const spentToday = await page.textContent('#kpi-spend-today strong');
  assert.notEqual(spentToday.trim(), '$0.00', 'spend today');
  await page.waitForTimeout(3500); // one more sample so the live line is a line
  await shot(page, 'overview-desktop.png');
  ok('charts');

  // Models: change a weight; the routing view has it. Then a change the config refuses.
  await page.click('#nav a[data-page=models]');
  const weight = page.locator('input.weight[data-model="test-model"][data-deployment="fake/upstream/real-model"]');
  await weight.fill('35');
  await page.locator('tr[data-deployment="fake/upstream/real-model"] button', { hasText: 'Save' }).first().click();
  await page.waitForSelector('#toast:not([hidden])');
  assert.equal(weightOf((await admin('routing')).body, 'test-model', 'fake/upstream/real-model'), 35);
  await page.waitForFunction(() => document.querySelector('input.weight[data-deployment="fake/upstream/real-model"]').value === '35');
  const only = page.locator('input.weight[data-model="sim-model"]');
  await only.fill('0');
  await page.locator('tr[data-deployment="sim/simulated"] button', { hasText: 'Save' }).click();
  await page.waitForSelector('.model-status[data-model="sim-model"] .msg.error');
  assert.match(await page.textContent('.model-status[data-model="sim-model"] .msg.error'), /every weight is 0/);
  assert.equal(weightOf((await admin('routing')).body, 'sim-model', 'sim/simulated'), 100);
  await shot(page, 'models-desktop.png');
  ok('weight');

  // Keys: create (shown once), use it, revoke it.
  await page.click('#nav a[data-page=keys]');
  await page.fill('#create-key input[name=name]', 'browser-test');
  await page.click('#create-key button[type=submit]');
  await page.waitForSelector('#new-key');
  const key = await page.inputValue('#new-key');
  assert.match(key, /^sk-shp-/);
  const models = await fetch(origin + '/v1/models', { headers: { authorization: 'Bearer ' + key } });
  assert.equal(models.status, 200);
  await page.waitForSelector('text=browser-test');
  await shot(page, 'keys-created-desktop.png');
  const keyId = (await admin('keys')).body.data.find(k => k.name === 'browser-test').id;
  const revoke = page.locator(`button[data-revoke="${keyId}"]`);
  await revoke.click();
  await page.waitForFunction(id => document.querySelector(`button[data-revoke="${id}"]`).textContent.includes('Really'), keyId);
  await revoke.click();
  await page.waitForSelector(`button[data-revoke="${keyId}"]`, { state: 'detached' });
  assert.notEqual((await admin('keys')).body.data.find(k => k.id === keyId).revoked_at, null);
  assert.equal((await fetch(origin + '/v1/models', { headers: { authorization: 'Bearer ' + key } })).status, 401);
  ok('key');

  // Accounts: top up in CNY.
  await page.click('#nav a[data-page=accounts]');
  await page.waitForSelector('#accounts tbody tr');
  await page.fill('#top-up input[name=amount]', '10');
  await page.fill('#top-up input[name=topup-currency]', 'CNY');
  await page.click('#top-up button[type=submit]');
  await page.waitForSelector('#top-up .msg.ok');
  assert.match(await page.textContent('#top-up .msg.ok'), /Credited \$10\.00/);
  await shot(page, 'accounts-desktop.png');
  ok('topup');

  // Usage: the chart has bars; Export CSV downloads the same report.
  await page.click('#nav a[data-page=usage]');
  await page.waitForFunction(() => [...document.querySelectorAll('#chart-usage rect.bar')].some(r => Number(r.getAttribute('height')) > 0));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csvPath = join(out, 'usage.csv');
  await download.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  assert.match(download.suggestedFilename(), /^shepherd-usage-by-model-.*\.csv$/);
  assert.match(csv, /^model,requests,prompt_tokens,/);
  assert.match(csv, /\r\ntest-model,\d+,/);
  assert.match(csv, /\r\nTOTAL,/);
  await shot(page, 'usage-desktop.png');
  ok('export');

  // Failed requests: with a request log, the broken model's requests and their route traces;
  // without one, the page says so.
  await page.click('#nav a[data-page=failed]');
  await page.waitForSelector('#failed .card');
  if (await page.$('#failed table')) {
    await page.waitForSelector('#failed ol.trace li.bad');
    assert.match(await page.textContent('#failed ol.trace li.bad'), /down\/nothing → /);
    ok('failed (request log)');
  } else {
    assert.match(await page.textContent('#failed .msg.note'), /does not keep a request log/);
    ok('failed (no request log)');
  }
  await shot(page, 'failed-desktop.png');

  // --- phone (390 px) ---
  const phone = await open({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await logIn(phone);
  await phone.waitForFunction(() => document.querySelectorAll('#chart-spend circle.pt').length >= 30);
  await phone.waitForFunction(() => document.querySelectorAll('#chart-rps circle.pt').length >= 2, null, { timeout: 20_000 });
  const widths = {};
  for (const name of ['overview', 'models', 'keys', 'accounts', 'usage', 'failed']) {
    if (name !== 'overview') {
      await phone.click(`#nav a[data-page=${name}]`);
      await phone.waitForSelector('#main .card');
      await phone.waitForTimeout(300);
    }
    widths[name] = await phone.evaluate(() => document.documentElement.scrollWidth);
    await shot(phone, `${name}-phone.png`);
  }
  for (const [name, w] of Object.entries(widths)) assert.ok(w <= 390, `${name} is ${w}px wide on a 390px screen`);
  ok('phone');

  // A key the gateway stops accepting ends the session; "Log out" forgets the key.
  await phone.evaluate(() => sessionStorage.setItem('shepherd.adminKey', 'sk-shp-no-longer-valid'));
  await phone.click('#nav a[data-page=keys]');
  await phone.waitForSelector('#login-form .msg.error');
  assert.match(await phone.textContent('#login-form .msg.error'), /session ended/);
  assert.equal(await phone.evaluate(() => sessionStorage.length), 0);
  await page.click('#logout');
  await page.waitForSelector('#login-form');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('shepherd.adminKey')), null);
  ok('logout');

  assert.deepEqual(problems, [], 'console errors');
  ok('no console errors');
  writeFileSync(join(out, 'done.txt'), 'ok\n');
} catch (e) {
  console.log('FAILED: ' + (e.stack || e));
  if (problems.length) console.log('console errors: ' + JSON.stringify(problems));
  process.exitCode = 1;
} finally {
  await browser.close();
}
