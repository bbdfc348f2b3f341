// Small inline-SVG bar charts, drawn with DOM calls (no chart library, no innerHTML, no style
// attributes: CSP-safe).  Every chart is a <figure> whose SVG has role="img" and an aria-label
// summing it up, followed by a table of the same numbers (the text alternative for screen readers
// and for anyone who wants the figures).
import { h } from './dom';
import { type Bar, type Grouped, niceMax } from './dash_logic';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) {
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

const WIDTH = 560;
const ROW = 28;
const LABEL = 150;
const VALUE = 90;
const COLOURS = ['#1d4e89', '#2f7d4f', '#a35d00', '#a3121d', '#5b3f8c', '#4a5566'];

export interface ChartOptions {
  id: string; // Used for the caption's id and data-chart.
  title: string;
  description: string; // One sentence: what the chart shows (the SVG's label starts with it).
  format?: (value: number) => string;
  valueHeader?: string;
}

// A horizontal bar chart of `bars`, with its table.
export function barChart(bars: Bar[], options: ChartOptions): HTMLElement {
  const format = options.format ?? ((v: number) => String(v));
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const plot = WIDTH - LABEL - VALUE;
  const height = Math.max(1, bars.length) * ROW + 8;
  const label = `${options.description} ${bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ')}.`;
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: '100%',
    role: 'img',
    'aria-label': label,
    class: 'chart',
  },
  svg('title', {}, options.title),
  ...bars.flatMap((bar, i) => {
    const y = 4 + i * ROW;
    const w = bar.value <= 0 ? 0 : Math.max(2, Math.round((bar.value / max) * plot));
    return [
      svg('text', { x: LABEL - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end', class: 'chart-label' }, bar.label),
      svg('rect', { x: LABEL, y: y + 4, width: w, height: ROW - 8, fill: COLOURS[0]!, 'data-value': bar.value }),
      svg('text', { x: LABEL + w + 6, y: y + ROW / 2 + 4, class: 'chart-value' }, format(bar.value)),
    ];
  }));
  const captionId = `${options.id}-caption`;
  return h('figure', { class: 'chart-figure', 'data-chart': options.id, 'aria-labelledby': captionId },
    h('figcaption', { id: captionId }, options.title),
    chart,
    h('table', { class: 'chart-table' },
      h('caption', { class: 'visually-hidden' }, `${options.title}: the figures`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Category'), h('th', { scope: 'col' }, options.valueHeader ?? 'Count'))),
      h('tbody', {}, bars.map((b) => h('tr', {}, h('th', { scope: 'row' }, b.label), h('td', { 'data-value': b.value }, format(b.value)))))));
}

// A stacked horizontal bar per group (e.g. requester role), one colour per series (outcome), with
// a legend and a table of every cell.
export function stackedChart(data: Grouped, options: ChartOptions): HTMLElement {
  const totals = data.values.map((row) => row.reduce((a, b) => a + b, 0));
  const max = niceMax(Math.max(0, ...totals));
  const plot = WIDTH - LABEL - VALUE;
  const height = Math.max(1, data.groups.length) * ROW + 8;
  const label = `${options.description} ${data.groups.map((g, i) =>
    `${g}: ${totals[i]} (${data.series.map((s, j) => `${s} ${data.values[i]![j]}`).filter((_, j) => data.values[i]![j]! > 0).join(', ')})`).join('; ')}.`;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', role: 'img', 'aria-label': label, class: 'chart' },
    svg('title', {}, options.title),
    ...data.groups.flatMap((group, i) => {
      const y = 4 + i * ROW;
      let x = LABEL;
      const parts: SVGElement[] = [svg('text', { x: LABEL - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end', class: 'chart-label' }, group)];
      data.series.forEach((_, j) => {
        const value = data.values[i]![j]!;
        if (value <= 0) return;
        const w = Math.max(2, Math.round((value / max) * plot));
        parts.push(svg('rect', { x, y: y + 4, width: w, height: ROW - 8, fill: COLOURS[j % COLOURS.length]!, 'data-value': value }));
        x += w;
      });
      parts.push(svg('text', { x: x + 6, y: y + ROW / 2 + 4, class: 'chart-value' }, String(totals[i])));
      return parts;
    }));
  const legend = h('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
    data.series.map((s, j) => h('li', {},
      svg('svg', { width: 12, height: 12, viewBox: '0 0 12 12' }, svg('rect', { width: 12, height: 12, fill: COLOURS[j % COLOURS.length]! })),
      ` ${s}`)));
  const captionId = `${options.id}-caption`;
  return h('figure', { class: 'chart-figure', 'data-chart': options.id, 'aria-labelledby': captionId },
    h('figcaption', { id: captionId }, options.title),
    chart, legend,
    h('table', { class: 'chart-table' },
      h('caption', { class: 'visually-hidden' }, `${options.title}: the figures`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Requester role'),
        data.series.map((s) => h('th', { scope: 'col' }, s)), h('th', { scope: 'col' }, 'Total'))),
      h('tbody', {}, data.groups.map((g, i) => h('tr', {},
        h('th', { scope: 'row' }, g),
        data.series.map((_, j) => h('td', { 'data-value': data.values[i]![j]! }, String(data.values[i]![j]))),
        h('td', { 'data-value': totals[i]! }, String(totals[i])))))));
}
