/**
 * Which resource charts a soak's report section shows and what each plots. Pure data, shared
 * by the node-side renderer (one figure per chart) and the page script (which draws them).
 * Every line plots the bucket mean, with the bucket's min..max as a faint band around it.
 */
import type { SoakSeriesName } from '../results/soakTypes.ts';
import { COLORS } from './chartDefinitions.ts';

export interface SoakChartLine {
  /** the soak series plotted (results.json `soak.series`) */
  series: SoakSeriesName;
  /** legend label */
  label: string;
  /** stroke colour, CSS `#rrggbb` (the band is the same colour, faint) */
  color: string;
  /** unit of this line's values, e.g. `%`, `MB`, `/s`, '' for a count */
  unit: string;
  /** plotted against the right-hand axis (a second unit in one chart); default the left one */
  right?: true;
  /** recorded only in one mode (external business): not listed as "not recorded" when absent; default false */
  modal?: true;
}

export interface SoakChartDefinition {
  /** stable id, used in element ids and data attributes */
  id: string;
  /** heading above the chart, units included */
  title: string;
  /** what a reader should know about how the values are measured */
  note: string;
  lines: SoakChartLine[];
}

/** Band opacity, 0..1: the min..max spread stays readable under the mean line. */
export const SOAK_BAND_ALPHA = 0.18;

export const SOAK_CHARTS: readonly SoakChartDefinition[] = [
  {
    id: 'soak-cpu',
    title: 'CPU (%)',
    note: 'per process group from /proc: Δ CPU ticks / Δt; 100 = one core busy. browser = Chromium and its children, harness = every node process of callsoak; your integration (external business mode) = the process tree of --business-command',
    lines: [
      { series: 'browser.cpu_pct', label: 'browser', color: COLORS.blue, unit: '%' },
      { series: 'harness.cpu_pct', label: 'harness', color: COLORS.orange, unit: '%' },
      { series: 'business.cpu_pct', label: 'your integration', color: COLORS.green, unit: '%', modal: true },
    ],
  },
  {
    id: 'soak-rss',
    title: 'Resident memory (MB)',
    note: 'RSS summed over the group’s processes, MB (2^20 bytes)',
    lines: [
      { series: 'browser.rss_mb', label: 'browser', color: COLORS.blue, unit: 'MB' },
      { series: 'harness.rss_mb', label: 'harness', color: COLORS.orange, unit: 'MB' },
      { series: 'business.rss_mb', label: 'your integration', color: COLORS.green, unit: 'MB', modal: true },
    ],
  },
  {
    id: 'soak-harness-rss',
    title: 'Harness memory by process (MB)',
    note: 'RSS of the harness’s processes by role: the CLI, Playwright’s runner (it hosts this monitor), the workers summed (they host the relay, endpoint and page server), and the Node peers the workers start',
    lines: [
      { series: 'harness.cli.rss_mb', label: 'CLI', color: COLORS.grey, unit: 'MB' },
      { series: 'harness.runner.rss_mb', label: 'runner', color: COLORS.purple, unit: 'MB' },
      { series: 'harness.workers.rss_mb', label: 'workers', color: COLORS.orange, unit: 'MB' },
      { series: 'harness.peers.rss_mb', label: 'Node peers', color: COLORS.teal, unit: 'MB' },
    ],
  },
  {
    id: 'soak-relay',
    title: 'Relay: packets per second (left), queue (right)',
    note: 'packets the relay forwarded per second, and packets waiting in its rate-limit queues',
    lines: [
      { series: 'relay.packets_per_s', label: 'packets/s', color: COLORS.teal, unit: '/s' },
      { series: 'relay.queue_packets', label: 'queue', color: COLORS.purple, unit: 'packets', right: true },
    ],
  },
  {
    id: 'soak-latency',
    title: 'Endpoint latency (ms)',
    note: 'time the embedded endpoint took to answer each call_metrics submission',
    lines: [{ series: 'endpoint.latency_ms', label: 'latency', color: COLORS.red, unit: 'ms' }],
  },
  {
    id: 'soak-active',
    title: 'Active calls and relay allocations',
    note: 'calls in progress, and TURN allocations the relay holds (one per participant when all is well)',
    lines: [
      { series: 'calls.active', label: 'active calls', color: COLORS.green, unit: '' },
      { series: 'relay.allocations', label: 'allocations', color: COLORS.grey, unit: '' },
    ],
  },
];
