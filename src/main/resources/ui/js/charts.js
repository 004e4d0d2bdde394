// Small SVG charts written for the console (no library): a line chart and a grouped bar chart.
// Each draws at its container's pixel width and redraws when that width changes, so text stays
// legible on a phone. Every point is a <circle class="pt"> and every bar a <rect class="bar">,
// each with a <title> tooltip. Colours come from console.css (.s0, .s1, ...).

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 200;
const M = { top: 12, right: 14, bottom: 26, left: 52 };

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** A "nice" axis maximum and step for values up to max: 1, 2 or 5 × 10^n steps, about 4 of them. */
export function niceScale(max) {
  if (!(max > 0)) return { max: 1, step: 0.25 };
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map(f => f * pow).find(st => st >= raw);
  return { max: Math.ceil(max / step - 1e-9) * step, step };
}

const observers = new WeakMap();

function mount(el, draw) {
  const render = () => {
    const width = Math.max(260, Math.floor(el.clientWidth || 600));
    el.replaceChildren(...draw(width));
  };
  render();
  observers.get(el)?.disconnect();
  if (typeof ResizeObserver === 'function') {
    let last = el.clientWidth;
    const ro = new ResizeObserver(() => {
      if (Math.abs(el.clientWidth - last) > 4) { last = el.clientWidth; render(); }
    });
    ro.observe(el);
    observers.set(el, ro);
  }
}

function frame(width, yMax, step, yFormat) {
  const plotH = HEIGHT - M.top - M.bottom;
  const y = v => M.top + plotH - (v / yMax) * plotH;
  const g = s('g', { class: 'grid' });
  for (let v = 0; v <= yMax + step / 2; v += step) {
    g.append(s('line', { x1: M.left, x2: width - M.right, y1: y(v), y2: y(v) }));
    g.append(s('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, yFormat(v)));
  }
  return { g, y };
}

function legend(series) {
  if (series.length < 2) return [];
  const div = document.createElement('div');
  div.className = 'legend';
  series.forEach((se, i) => {
    const item = document.createElement('span');
    const key = document.createElement('i');
    key.className = 'key s' + (se.color ?? i);
    item.append(key, document.createTextNode(se.name));
    div.append(item);
  });
  return [div];
}

function empty(width, text) {
  return s('svg', { class: 'chart-svg', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img' },
    s('text', { x: width / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'empty' }, text));
}

/** An x-axis label centred on x, moved inside the chart when it would stick out. */
function xLabel(x, width, text) {
  const half = String(text).length * 3.3;
  const anchor = x - half < 2 ? 'start' : x + half > width - 2 ? 'end' : 'middle';
  const at = anchor === 'start' ? Math.max(2, x - 6) : anchor === 'end' ? Math.min(width - 2, x + 6) : x;
  return s('text', { x: at.toFixed(1), y: HEIGHT - 8, 'text-anchor': anchor, class: 'axis' }, text);
}

function xLabels(count, width) {
  const max = Math.max(2, Math.floor((width - M.left - M.right) / 70));
  const every = Math.max(1, Math.ceil(count / max));
  return i => i % every === 0;
}

/**
 * Draws a line chart into el. series: [{name, points: [{x, y, label}]}] where x is a number
 * (time in ms, or an index) and label names the point on the x axis and in tooltips.
 */
export function lineChart(el, { series, yFormat = String, emptyText = 'No data yet' }) {
  const all = series.flatMap(se => se.points);
  el.classList.add('chart');
  mount(el, width => {
    if (all.length === 0) return [empty(width, emptyText)];
    const xs = all.map(p => p.x);
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const { max: yMax, step } = niceScale(Math.max(...all.map(p => p.y)));
    const plotW = width - M.left - M.right;
    const x = v => M.left + (x1 === x0 ? plotW / 2 : ((v - x0) / (x1 - x0)) * plotW);
    const { g, y } = frame(width, yMax, step, yFormat);
    const svg = s('svg', { class: 'chart-svg', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img' }, g);
    const labelled = series.reduce((a, se) => se.points.length > a.length ? se.points : a, []);
    const show = xLabels(labelled.length, width);
    labelled.forEach((p, i) => {
      if (show(i)) svg.append(xLabel(x(p.x), width, p.label ?? p.x));
    });
    series.forEach((se, i) => {
      const cls = 's' + (se.color ?? i);
      if (se.points.length > 1) {
        const d = se.points.map((p, j) => (j ? 'L' : 'M') + x(p.x).toFixed(1) + ' ' + y(p.y).toFixed(1)).join(' ');
        svg.append(s('path', { d, class: 'line ' + cls }));
      }
      const r = se.points.length > 40 ? 2 : 3.2;
      for (const p of se.points) {
        svg.append(s('circle', { cx: x(p.x).toFixed(1), cy: y(p.y).toFixed(1), r, class: 'pt ' + cls },
          s('title', null, `${se.name} · ${p.label ?? p.x}: ${yFormat(p.y)}`)));
      }
    });
    return [svg, ...legend(series)];
  });
}

/** Draws a grouped bar chart into el: labels [..], series [{name, values: [..]}]. */
export function barChart(el, { labels, series, yFormat = String, emptyText = 'No data yet' }) {
  el.classList.add('chart');
  mount(el, width => {
    if (labels.length === 0) return [empty(width, emptyText)];
    const { max: yMax, step } = niceScale(Math.max(0, ...series.flatMap(se => se.values)));
    const { g, y } = frame(width, yMax, step, yFormat);
    const svg = s('svg', { class: 'chart-svg', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img' }, g);
    const slot = (width - M.left - M.right) / labels.length;
    const gap = Math.max(Math.min(12, slot * 0.2), slot - 56 * series.length); // bars at most 56 px wide
    const bw = Math.max(1, (slot - gap) / series.length);
    const show = xLabels(labels.length, width);
    labels.forEach((label, i) => {
      const left = M.left + i * slot + gap / 2;
      series.forEach((se, k) => {
        const v = se.values[i] ?? 0;
        const top = y(v);
        svg.append(s('rect', { x: (left + k * bw).toFixed(1), y: top.toFixed(1), width: Math.max(1, bw - 1).toFixed(1),
          height: Math.max(v > 0 ? 1 : 0, y(0) - top).toFixed(1), class: 'bar s' + (se.color ?? k) },
        s('title', null, `${se.name} · ${label}: ${yFormat(v)}`)));
      });
      if (show(i)) {
        const text = String(label).length > 14 ? String(label).slice(0, 13) + '…' : label;
        svg.append(xLabel(left + (slot - gap) / 2, width, text));
      }
    });
    return [svg, ...legend(series)];
  });
}
