/**
 * Which charts a call section shows and what each plots. Pure data, shared by the node-side
 * renderer (which lays out one figure per chart) and the page script (which draws them).
 */
import type { SeriesName } from '../metrics/deriveSeries.ts';

export interface ChartLine {
  /** the derived series plotted */
  series: SeriesName;
  /** legend label */
  label: string;
  /** stroke colour, CSS */
  color: string;
  /** a reference line drawn under the chart's main line (listed first so it is drawn first); where the two are equal it is hidden */
  reference?: true;
}

export interface ChartDefinition {
  /** stable id, used in element ids and data attributes */
  id: string;
  /** heading above the chart, unit included */
  title: string;
  /** unit of the y axis, e.g. `ms`, `%`, `/s`, '' for a ratio */
  unit: string;
  /** what a reader should know about how the value is computed */
  note: string;
  lines: ChartLine[];
  /** the y axis never goes below this (and starts here when data allows); default 0 */
  yMin?: number;
  /** the y axis stops here at most; unset = fit the data */
  yMax?: number;
}

/** Series colours: distinguishable, calm, readable on white. The tests look for these pixels. */
export const COLORS = {
  blue: '#2f6fb5',
  teal: '#1b8a7a',
  purple: '#7a4fb0',
  orange: '#c0641a',
  red: '#b8324a',
  green: '#3f8f3a',
  grey: '#7a8591',
} as const;

/** The dashed line marking the call's end (near-black: no series uses it). */
export const END_LINE_COLOR = '#222b36';
/** Fill of an impairment window, under the data. */
export const SHADE_COLOR = 'rgba(214, 150, 40, 0.16)';

export const CHARTS: readonly ChartDefinition[] = [
  { id: 'jitter', title: 'Jitter (ms)', unit: 'ms', note: 'inbound-rtp jitter × 1000 at each sample', lines: [{ series: 'jitter_ms', label: 'jitter', color: COLORS.blue }] },
  { id: 'loss', title: 'Loss per interval (%)', unit: '%', note: 'Δ packetsLost / (Δ packetsLost + Δ packetsReceived) × 100', lines: [{ series: 'loss_pct', label: 'loss', color: COLORS.red }] },
  {
    id: 'rtt',
    title: 'Round-trip time (ms)',
    unit: 'ms',
    note: 'RTCP: Δ totalRoundTripTime / Δ roundTripTimeMeasurements (latest roundTripTime between reports); ICE: candidate-pair currentRoundTripTime',
    lines: [
      { series: 'ice_rtt_ms', label: 'ICE (STUN)', color: COLORS.grey, reference: true },
      { series: 'rtt_ms', label: 'RTCP', color: COLORS.purple },
    ],
  },
  { id: 'jitter-buffer', title: 'Jitter-buffer delay (ms)', unit: 'ms', note: 'Δ jitterBufferDelay / Δ jitterBufferEmittedCount × 1000', lines: [{ series: 'jitter_buffer_delay_ms', label: 'delay', color: COLORS.teal }] },
  { id: 'concealment', title: 'Concealment (%)', unit: '%', note: 'Δ concealedSamples / Δ totalSamplesReceived × 100', lines: [{ series: 'concealment_pct', label: 'concealed', color: COLORS.orange }] },
  { id: 'audio-level', title: 'Audio level (0–1)', unit: '', note: 'inbound-rtp audioLevel at each sample', lines: [{ series: 'audio_level', label: 'level', color: COLORS.green }], yMax: 1 },
  {
    id: 'packets',
    title: 'Packets per second',
    unit: '/s',
    note: 'Δ packetsReceived / Δt and Δ packetsSent / Δt (Opus at 20 ms: 50/s)',
    lines: [
      { series: 'packets_sent_per_s', label: 'sent', color: COLORS.grey, reference: true },
      { series: 'packets_received_per_s', label: 'received', color: COLORS.blue },
    ],
  },
];
