/**
 * Runs in the report page (the browser, offline, from file://): draws each call's charts
 * with uPlot from the JSON embedded in the page. Everything else in the report is static
 * HTML written on the node side, so a reader without JavaScript still gets every table.
 *
 * Charts inside a closed <details> have no width, so a call's charts are drawn the first
 * time its section opens, and resized with the window.
 */
import uPlot from 'uplot';
import { CHARTS, END_LINE_COLOR as END_LINE, SHADE_COLOR as SHADE, type ChartDefinition } from '../chartDefinitions.ts';
import type { CallChartData } from '../chartData.ts';
import type { SoakReportData } from '../soakChartData.ts';
import { drawSoakCharts } from './soakCharts.ts';

interface ReportData {
  calls: CallChartData[];
  /** a soak run's resource charts; null otherwise */
  soak?: SoakReportData | null;
}

const CHART_HEIGHT = 180;
/** CSS px above the plot area where the labels go */
const LABEL_STRIP = 18;
const SHADE_TEXT = '#8a5a12';

const drawn = new Map<number, uPlot[]>();
/** the soak section's charts (always open: drawn on load) */
let soakPlots: uPlot[] = [];

function readData(): ReportData {
  const element = document.getElementById('callsoak-data');
  return JSON.parse(element?.textContent ?? '{"calls":[]}') as ReportData;
}

/** The x range: the samples, the impairment windows and the call's end all stay in view. */
function xRange(call: CallChartData): [number, number] {
  const xs = call.series.x;
  let lo = Math.min(0, xs[0] ?? 0);
  let hi = Math.max(xs.at(-1) ?? 1, call.endS ?? 0);
  for (const band of call.impairments) {
    lo = Math.min(lo, band.fromS);
    if (band.toS !== null) hi = Math.max(hi, Math.min(band.toS, call.endS ?? band.toS));
  }
  return [lo, hi > lo ? hi + 0.5 : lo + 1];
}

function yRange(chart: ChartDefinition) {
  return (_u: uPlot, dataMin: number | null, dataMax: number | null): uPlot.Range.MinMax => {
    const floor = chart.yMin ?? 0;
    const lo = Math.min(floor, dataMin ?? floor);
    const top = dataMax ?? lo;
    // headroom above the data; a flat line (all zeros) still gets an axis of one unit
    let hi = top > lo ? top + (top - lo) * 0.15 : lo + 1;
    if (chart.yMax !== undefined) hi = Math.min(hi, Math.max(chart.yMax, top));
    return [lo, hi];
  };
}

function shadeImpairments(call: CallChartData, labels: boolean) {
  return (u: uPlot): void => {
    if (call.impairments.length === 0) return;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const ratio = window.devicePixelRatio || 1;
    ctx.save();
    // uPlot leaves its axis text settings on the context; set ours explicitly
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    for (const band of call.impairments) {
      const to = band.toS ?? call.endS ?? (u.scales.x?.max ?? band.fromS);
      const x0 = Math.max(left, u.valToPos(band.fromS, 'x', true));
      const x1 = Math.min(left + width, u.valToPos(to, 'x', true));
      if (x1 <= x0) continue;
      if (labels) {
        // in the strip above the plot, so labels never sit on the data
        ctx.fillStyle = SHADE_TEXT;
        ctx.fillText(band.label, x0 + 2 * ratio, top - 5 * ratio, Math.max(20, x1 - x0 - 4 * ratio));
      } else {
        ctx.fillStyle = SHADE;
        ctx.fillRect(x0, top, x1 - x0, height);
      }
    }
    ctx.restore();
  };
}

function markEnd(call: CallChartData) {
  return (u: uPlot): void => {
    if (call.endS === null) return;
    const ctx = u.ctx;
    const ratio = window.devicePixelRatio || 1;
    const x = u.valToPos(call.endS, 'x', true);
    const { top, height } = u.bbox;
    ctx.save();
    ctx.strokeStyle = END_LINE;
    ctx.lineWidth = 1.5 * ratio;
    ctx.setLineDash([5 * ratio, 4 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = END_LINE;
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('call end', x + 2 * ratio, top - 5 * ratio);
    ctx.restore();
  };
}

function drawChart(figure: HTMLElement, chart: ChartDefinition, call: CallChartData): uPlot {
  const target = figure.querySelector<HTMLElement>('.plot') ?? figure;
  const data: uPlot.AlignedData = [call.series.x, ...chart.lines.map((line) => call.series[line.series])];
  const dense = call.series.x.length > 150;
  const options: uPlot.Options = {
    width: Math.max(240, target.clientWidth),
    height: CHART_HEIGHT,
    // room above the plot for the impairment and call-end labels
    padding: [LABEL_STRIP, 12, 0, 0],
    scales: { x: { time: false, range: () => xRange(call) }, y: { range: yRange(chart) } },
    series: [
      { label: 't (s)', value: (_u, v) => (v === null ? '–' : `${v.toFixed(1)} s`) },
      ...chart.lines.map((line) => ({
        label: line.label,
        stroke: line.color,
        width: 1.75,
        spanGaps: false,
        points: { show: !dense, size: 4, fill: line.color },
        value: (_u: uPlot, v: number | null) => (v === null ? '–' : `${Number(v.toPrecision(3))}${chart.unit && chart.unit !== '/s' ? ` ${chart.unit}` : chart.unit}`),
      })),
    ],
    axes: [
      { stroke: '#5b6570', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#d5d9de', width: 1 }, label: 'seconds since the call started', labelSize: 18, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif' },
      { stroke: '#5b6570', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#d5d9de', width: 1 }, size: 46, font: '11px system-ui, sans-serif' },
    ],
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
    hooks: { drawClear: [shadeImpairments(call, false)], draw: [shadeImpairments(call, true), markEnd(call)] },
  };
  const plot = new uPlot(options, data, target);
  figure.dataset.rendered = 'true';
  return plot;
}

function drawCall(section: HTMLDetailsElement, data: ReportData): void {
  const index = Number(section.dataset.call);
  if (drawn.has(index)) return;
  const call = data.calls.find((c) => c.index === index);
  if (!call) return;
  const plots: uPlot[] = [];
  drawn.set(index, plots);
  for (const figure of section.querySelectorAll<HTMLElement>('figure.chart[data-chart]')) {
    const chart = CHARTS.find((c) => c.id === figure.dataset.chart);
    if (!chart || figure.classList.contains('empty')) continue;
    try {
      plots.push(drawChart(figure, chart, call));
    } catch (error) {
      figure.classList.add('failed');
      figure.dataset.rendered = 'error';
      console.error(`callsoak report: chart ${chart.id} of call ${index + 1} failed:`, error);
    }
  }
}

function resizeAll(): void {
  for (const plots of [...drawn.values(), soakPlots]) {
    for (const plot of plots) {
      const width = plot.root.parentElement?.clientWidth ?? 0;
      if (width > 0 && Math.abs(width - plot.width) > 2) plot.setSize({ width: Math.max(240, width), height: CHART_HEIGHT });
    }
  }
}

function setAll(open: boolean): void {
  for (const section of document.querySelectorAll<HTMLDetailsElement>('details.call')) section.open = open;
}

function start(): void {
  const data = readData();
  soakPlots = drawSoakCharts(data.soak);
  for (const section of document.querySelectorAll<HTMLDetailsElement>('details.call')) {
    if (section.open) drawCall(section, data);
    section.addEventListener('toggle', () => {
      if (section.open) drawCall(section, data);
    });
  }
  // a link to #call-2 opens that call
  const openTarget = () => {
    const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target instanceof HTMLDetailsElement) target.open = true;
  };
  window.addEventListener('hashchange', openTarget);
  openTarget();
  document.getElementById('expand-all')?.addEventListener('click', () => setAll(true));
  document.getElementById('collapse-all')?.addEventListener('click', () => setAll(false));
  let pending = 0;
  window.addEventListener('resize', () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(resizeAll, 120);
  });
  document.documentElement.dataset.ready = 'true';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
