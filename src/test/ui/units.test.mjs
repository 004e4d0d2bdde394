// Unit tests of the console's pure functions (no browser): node --test src/test/ui/units.test.mjs
// Run by dev.shepherd.ui.ConsoleUnitsTest when node is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceScale } from '../../main/resources/ui/js/charts.js';
import { bucketRequests, percentile, totals, rates, points } from '../../main/resources/ui/js/pages/series.js';
import { parseTrace } from '../../main/resources/ui/js/pages/failed.js';
import { dailySeries } from '../../main/resources/ui/js/pages/overview.js';
import { sloModels, breaches } from '../../main/resources/ui/js/pages/slo.js';

test('niceScale picks 1-2-2.5-5 steps covering the maximum', () => {
  assert.deepEqual(niceScale(0), { max: 1, step: 0.25 });
  assert.deepEqual(niceScale(7.1), { max: 8, step: 2 });
  assert.deepEqual(niceScale(61), { max: 80, step: 20 });
  assert.deepEqual(niceScale(100), { max: 100, step: 25 });
  const s = niceScale(0.73);
  assert.ok(s.max >= 0.73 && s.max <= 1, JSON.stringify(s));
});

test('percentile is nearest-rank', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(percentile(xs, 0.5), 5);
  assert.equal(percentile(xs, 0.95), 10);
  assert.equal(percentile([42], 0.99), 42);
  assert.equal(percentile([], 0.5), null);
});

test('request-log rows become per-minute buckets', () => {
  const now = Date.parse('2026-11-24T10:30:30Z');
  const row = (iso, outcome, latency, serverError = false) => ({ created_at: iso, outcome, latency_ms: latency, server_error: serverError });
  const rows = [
    row('2026-11-24T10:30:10Z', 'OK', 100),
    row('2026-11-24T10:30:20Z', 'ERROR', 300, true),
    row('2026-11-24T10:29:59Z', 'OK', 200),
    row('2026-11-24T08:00:00Z', 'OK', 999), // outside the hour
  ];
  const b = bucketRequests(rows, now, { minutes: 60 });
  assert.equal(b.length, 60);
  const last = b.at(-1);
  assert.equal(last.label, '10:30');
  assert.equal(last.requests, 2);
  assert.equal(last.rps, 2 / 30); // 30 s of the current minute have passed
  assert.equal(last.errorRate, 0.5);
  assert.equal(last.serverErrorRate, 0.5);
  assert.equal(last.p50, 100);
  assert.equal(last.p99, 300);
  assert.equal(b.at(-2).requests, 1);
  assert.equal(b.at(-3).errorRate, null, 'no requests: no rate');
  assert.equal(points(b, 'errorRate').length, 2);
  // an incomplete log starts at its oldest row's minute
  assert.equal(bucketRequests(rows.slice(0, 3), now, { complete: false }).length, 2);
});

test('routing totals count each deployment once and rates are per second', () => {
  const d = (id, attempts, failures, avg, shadow = false) => ({ id, shadow, totals: { attempts, failures, avg_latency_ms: avg } });
  const routing = { models: [{ deployments: [d('a/x', 10, 1, 20), d('s/x', 99, 99, 1, true)] }, { deployments: [d('a/x', 10, 1, 20), d('b/y', 5, 0, 10)] }] };
  assert.deepEqual(totals(routing), { attempts: 15, failures: 1, latencySum: 250 });
  const r = rates([{ t: 0, attempts: 0, failures: 0, latencySum: 0 }, { t: 2000, attempts: 10, failures: 1, latencySum: 100 },
    { t: 4000, attempts: 3, failures: 0, latencySum: 0 }]);
  assert.deepEqual(r, [{ t: 2000, rps: 5, errorRate: 0.1, latency: 10 }], 'a reset (fewer attempts) is skipped');
});

test('route traces parse, deployment ids with colons included', () => {
  const t = parseTrace('candidates=ollama/llama3:8b,relay/q; skipped=relay/q:breaker_open; attempts=ollama/llama3:8b:502:41ms; stopped=retry_budget');
  assert.deepEqual(t.candidates, ['ollama/llama3:8b', 'relay/q']);
  assert.deepEqual(t.skipped, { 'relay/q': 'breaker_open' });
  assert.deepEqual(t.attempts, [{ deployment: 'ollama/llama3:8b', result: '502', ms: 41 }]);
  assert.equal(t.stopped, 'retry_budget');
  assert.deepEqual(parseTrace('candidates=; skipped=; attempts=').attempts, []);
});

test('daily series fill the 30 days with zeros', () => {
  const s = dailySeries({ rows: [{ group: '2026-11-24', requests: 3, cost: '0.50', list_cost: '0.75' }] }, new Date('2026-11-24T12:00:00Z'));
  assert.equal(s.length, 30);
  assert.equal(s[0].day, '2026-10-26');
  assert.deepEqual(s.at(-1), { day: '2026-11-24', requests: 3, cost: 0.5, list: 0.75 });
  assert.equal(s.at(-2).requests, 0);
});

test('slo report: busiest models first, breached verdicts listed', () => {
  const slo = { models: [{ model: 'a', requests: 1 }, { model: 'b', requests: 9 }, { model: 'c', requests: 0 }],
    objectives: [{ metric: 'p95_latency_ms', threshold: 500, verdicts: [{ model: 'b', value: 900, breached: true }, { model: 'a', value: 10, breached: false }] }] };
  assert.deepEqual(sloModels(slo).map(m => m.model), ['b', 'a']);
  assert.deepEqual(breaches(slo), [{ metric: 'p95_latency_ms', model: 'b', value: 900, threshold: 500 }]);
});
