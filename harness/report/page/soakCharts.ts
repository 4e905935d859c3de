/**
 * Runs in the report page: draws a soak's resource charts with uPlot from the embedded JSON
 * (see ../soakChartData.ts). Each line is the bucket mean; uPlot's `bands` fill the bucket's
 * min..max between two faint helper series, which are kept out of the legend (class
 * `soak-band`) — the mean's legend entry quotes min–max instead. Time axis in UTC, so the
 * chart reads the same wherever the report is opened and matches results.json's timestamps.
 */
import uPlot from 'uplot';
import { SOAK_BAND_ALPHA, SOAK_CHARTS, type SoakChartDefinition, type SoakChartLine } from '../soakChartDefinitions.ts';
import type { SoakChartData, SoakReportData } from '../soakChartData.ts';

const CHART_HEIGHT = 200;
const AXIS = { stroke: '#5b6570', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#d5d9de', width: 1 }, font: '11px system-ui, sans-serif' };

/** `#rrggbb` → `rgba(r, g, b, alpha)` */
function faint(color: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

function formatValue(v: number, unit: string): string {
  const n = String(Number(v.toPrecision(4)));
  if (unit === '') return n;
  return unit === '%' || unit === '/s' ? `${n}${unit}` : `${n} ${unit}`;
}

/** y range of one axis: from 0 (every soak series is non-negative) to the band's top plus headroom */
function yRange(_u: uPlot, dataMin: number | null, dataMax: number | null): uPlot.Range.MinMax {
  const lo = Math.min(0, dataMin ?? 0);
  const top = dataMax ?? lo;
  return [lo, top > lo ? top + (top - lo) * 0.15 : lo + 1];
}

const utc = (ts: number) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');
const hourMinute = uPlot.fmtDate('{HH}:{mm}');
const hourMinuteSecond = uPlot.fmtDate('{HH}:{mm}:{ss}');
const fullDay = uPlot.fmtDate('{YYYY}-{MM}-{DD}');
const shortDay = uPlot.fmtDate('{MM}-{DD}');

/**
 * 24-hour UTC tick labels; seconds when ticks are under a minute apart. The date goes under the
 * first tick (with its year) and under the first tick of each new day (month-day: it fits at
 * the right edge).
 */
function timeTicks(_u: uPlot, splits: number[], _axisIdx: number, _space: number, incr: number): string[] {
  const clock = incr < 60 ? hourMinuteSecond : hourMinute;
  let previous = '';
  return splits.map((ts, i) => {
    const date = utc(ts);
    const today = fullDay(date);
    const label = today === previous ? clock(date) : `${clock(date)}\n${i === 0 ? today : shortDay(date)}`;
    previous = today;
    return label;
  });
}

/** indices of values with no neighbour on either side: a line cannot show them, a point must */
function isolated(values: ArrayLike<number | null | undefined>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] != null && values[i - 1] == null && values[i + 1] == null) out.push(i);
  }
  return out;
}

function lineSeries(line: SoakChartLine, scale: string): uPlot.Series[] {
  const mean: uPlot.Series = {
    label: line.label,
    stroke: line.color,
    width: 1.75,
    scale,
    spanGaps: false,
    // uPlot hides points when they are dense; a bucket alone between gaps still needs one
    points: { filter: (u, seriesIdx, show) => (show ? null : isolated(u.data[seriesIdx] ?? [])) },
    // the mean's legend entry also quotes its bucket's spread (the band series follow it: max, then min)
    value: (u, v, seriesIdx, idx) => {
      if (v === null || idx === null) return '–';
      const max = u.data[seriesIdx + 1]?.[idx];
      const min = u.data[seriesIdx + 2]?.[idx];
      const spread = typeof min === 'number' && typeof max === 'number' && max !== min ? ` (${formatValue(min, '')}–${formatValue(max, '')})` : '';
      return `${formatValue(v, line.unit)}${spread}`;
    },
  };
  const edge = (label: string): uPlot.Series => ({ label, class: 'soak-band', stroke: faint(line.color, 0.35), width: 1, scale, spanGaps: false, points: { show: false } });
  return [mean, edge(`${line.label} max`), edge(`${line.label} min`)];
}

function drawChart(figure: HTMLElement, chart: SoakChartDefinition, data: SoakChartData): uPlot {
  const target = figure.querySelector<HTMLElement>('.plot') ?? figure;
  const lines = data.lines.flatMap((d) => {
    const line = chart.lines.find((l) => l.series === d.series);
    return line ? [{ line, d }] : [];
  });
  const aligned: uPlot.AlignedData = [data.x, ...lines.flatMap(({ d }) => [d.mean, d.max, d.min])];
  const right = lines.find(({ line }) => line.right);
  const left = lines.find(({ line }) => !line.right) ?? right;
  const scaleOf = (line: SoakChartLine) => (line.right && left !== right ? 'y2' : 'y');
  const axes: uPlot.Axis[] = [
    { ...AXIS, label: 'time (UTC)', labelSize: 18, labelFont: AXIS.font, values: timeTicks },
    { ...AXIS, scale: 'y', size: 52, values: (_u, splits) => splits.map((v) => formatValue(v, left?.line.unit === '%' ? '%' : '')) },
  ];
  if (right && left !== right) axes.push({ ...AXIS, scale: 'y2', side: 1, size: 52, grid: { show: false } });
  const plot = new uPlot(
    {
      width: Math.max(240, target.clientWidth),
      height: CHART_HEIGHT,
      // right: room for the last time label, which is centred on its tick
      padding: [12, 28, 0, 0],
      tzDate: utc,
      scales: { x: { time: true, range: () => data.range }, y: { range: yRange }, ...(axes.length > 2 ? { y2: { range: yRange } } : {}) },
      series: [{ label: 'time', value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss} UTC' }, ...lines.flatMap(({ line }) => lineSeries(line, scaleOf(line)))],
      // each line's band: between its max (1 + 3k + 1) and its min (1 + 3k + 2) helper series
      bands: lines.map(({ line }, k) => ({ series: [2 + 3 * k, 3 + 3 * k] as [number, number], fill: faint(line.color, SOAK_BAND_ALPHA) })),
      axes,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
    },
    aligned,
    target,
  );
  figure.dataset.rendered = 'true';
  return plot;
}

/** Draws every soak chart the page has a figure for; returns the plots (for resizing). */
export function drawSoakCharts(data: SoakReportData | null | undefined): uPlot[] {
  const plots: uPlot[] = [];
  if (!data) return plots;
  for (const figure of document.querySelectorAll<HTMLElement>('figure.chart[data-soak-chart]')) {
    const chart = SOAK_CHARTS.find((c) => c.id === figure.dataset.soakChart);
    const chartData = data.charts.find((c) => c.id === figure.dataset.soakChart);
    if (!chart || !chartData || figure.classList.contains('empty')) continue;
    try {
      plots.push(drawChart(figure, chart, chartData));
    } catch (error) {
      figure.classList.add('failed');
      figure.dataset.rendered = 'error';
      console.error(`callsoak report: soak chart ${chart.id} failed:`, error);
    }
  }
  return plots;
}
