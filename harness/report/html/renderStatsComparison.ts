/**
 * The payload next to the raw stats it was computed from and the relay's ground truth:
 * field by field in one table, then the three raw documents side by side. Pure.
 */
import type { CallResult } from '../../results/resultsTypes.ts';
import type { LegGroundTruth } from '../../relay/core/groundTruthTypes.ts';
import { finalAudio, type FinalAudio } from '../../metrics/finalAudio.ts';
import { formatNumber } from '../../metrics/formatNumber.ts';
import { escapeHtml } from './escapeHtml.ts';

type Leg = Partial<LegGroundTruth>;

interface Row {
  /** what the row is about */
  label: string;
  /** payload keys to look for, audio_stats first, in order; the first present wins */
  keys: string[];
  raw: (audio: FinalAudio, call: CallResult) => string | undefined;
  truth?: (legs: Leg[], ssrc: number | undefined) => string | undefined;
}

const n = formatNumber;
const field = (name: string, value: number | undefined, unit = '') => (value === undefined ? undefined : `${name} ${n(value)}${unit}`);
const per = (a: number | undefined, b: number | undefined, scale: number) => (a !== undefined && b !== undefined && b > 0 ? (a / b) * scale : undefined);

function rtpLegs(legs: Leg[], ssrc: number | undefined): Leg[] {
  return legs.filter((l) => l.kind === 'rtp' && ssrc !== undefined && l.ssrc === ssrc);
}
const dropped = (l: Leg) => (l.dropped?.loss ?? 0) + (l.dropped?.queue ?? 0) + (l.dropped?.blackout ?? 0);
const legName = (l: Leg) => `${l.role ?? '?'} ${l.direction === 'up' ? '↑' : l.direction === 'down' ? '↓' : (l.direction ?? '?')}`;

const ROWS: Row[] = [
  {
    label: 'packets received',
    keys: ['packets_received'],
    raw: (a) => field('inbound-rtp.packetsReceived', a.inbound?.packetsReceived),
    truth: (legs, ssrc) => {
      const path = rtpLegs(legs, ssrc);
      if (path.length === 0) return undefined;
      return path.map((l) => `${legName(l)}: offered ${n(l.offered)}, delivered ${n(l.delivered)}`).join('; ');
    },
  },
  {
    label: 'packets lost',
    keys: ['packets_lost'],
    raw: (a) => field('inbound-rtp.packetsLost', a.inbound?.packetsLost),
    truth: (legs, ssrc) => {
      const path = rtpLegs(legs, ssrc);
      if (path.length === 0) return undefined;
      const sum = (f: (l: Leg) => number) => path.reduce((acc, l) => acc + f(l), 0);
      return `relay dropped ${n(sum(dropped))} (loss ${n(sum((l) => l.dropped?.loss ?? 0))}, queue ${n(sum((l) => l.dropped?.queue ?? 0))}, blackout ${n(sum((l) => l.dropped?.blackout ?? 0))}), duplicated ${n(sum((l) => l.duplicated ?? 0))}, reordered ${n(sum((l) => l.reordered ?? 0))}`;
    },
  },
  { label: 'jitter', keys: ['jitter', 'jitter_sec', 'jitter_ms'], raw: (a) => field('inbound-rtp.jitter', a.inbound?.jitter, ' s') },
  {
    label: 'round-trip time',
    keys: ['round_trip_time_ms', 'round_trip_time_sec', 'round_trip_time'],
    raw: (a) => {
      const r = a.remoteInbound;
      const avg = per(r?.totalRoundTripTime, r?.roundTripTimeMeasurements, 1000);
      if (avg !== undefined) return `remote-inbound-rtp totalRoundTripTime ${n(r?.totalRoundTripTime)} s / ${n(r?.roundTripTimeMeasurements)} measurements = ${n(avg)} ms`;
      return field('remote-inbound-rtp.roundTripTime', r?.roundTripTime, ' s');
    },
  },
  {
    label: 'jitter-buffer delay',
    keys: ['jitter_buffer_delay_ms', 'jitter_buffer_delay_sec', 'jitter_buffer_delay'],
    raw: (a) => {
      const i = a.inbound;
      const avg = per(i?.jitterBufferDelay, i?.jitterBufferEmittedCount, 1000);
      return avg === undefined ? undefined : `jitterBufferDelay ${n(i?.jitterBufferDelay)} s / ${n(i?.jitterBufferEmittedCount)} emitted samples = ${n(avg)} ms`;
    },
  },
  { label: 'concealed samples', keys: ['concealed_samples'], raw: (a) => field('inbound-rtp.concealedSamples', a.inbound?.concealedSamples) },
  { label: 'silent concealed samples', keys: ['silent_concealed_samples'], raw: (a) => field('inbound-rtp.silentConcealedSamples', a.inbound?.silentConcealedSamples) },
  { label: 'played-out duration', keys: ['total_samples_duration_ms', 'total_samples_duration_sec', 'total_samples_duration'], raw: (a) => field('inbound-rtp.totalSamplesDuration', a.inbound?.totalSamplesDuration, ' s') },
  { label: 'call ended', keys: ['call_ended_time'], raw: (_a, call) => (typeof call.endedAtMs === 'number' ? `harness: call ended at ${n(call.endedAtMs / 1000)} s (Unix) = ${new Date(call.endedAtMs).toISOString()}` : undefined) },
  { label: 'end reason', keys: ['end_call_reason'], raw: (_a, call) => `agent decided ${call.endCallReason ?? '(nothing)'}; scenario expects ${call.expectedEndCallReason}` },
];

function lookup(payload: unknown, keys: string[]): { key: string; value: unknown } | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const top = payload as Record<string, unknown>;
  const audio = top.audio_stats !== null && typeof top.audio_stats === 'object' ? (top.audio_stats as Record<string, unknown>) : {};
  for (const key of keys) {
    if (key in audio) return { key: `audio_stats.${key}`, value: audio[key] };
    if (key in top) return { key, value: top[key] };
  }
  return undefined;
}

const cell = (text: string | undefined) => (text === undefined ? '<span class="muted">–</span>' : escapeHtml(text));

/** Pretty JSON in a scrollable block. */
export function jsonBlock(value: unknown): string {
  const text = value === undefined ? 'absent' : (JSON.stringify(value, null, 2) ?? String(value));
  return `<pre class="json">${escapeHtml(text)}</pre>`;
}

export function renderStatsComparison(call: CallResult): string {
  const audio = finalAudio(call);
  const legs = (Array.isArray(call.legs) ? call.legs : []).filter((l): l is Leg => l !== null && typeof l === 'object');
  const ssrc = audio.inbound?.ssrc;
  const source = audio.source === 'finalStats' ? 'final getStats snapshot' : audio.source === 'lastSample' ? 'last 1-s sample (no final snapshot)' : 'no stats';
  const rows = ROWS.map((row) => {
    const found = lookup(call.payload, row.keys);
    const payloadText = found ? `<code>${escapeHtml(found.key)}</code> ${escapeHtml(JSON.stringify(found.value))}` : '<span class="muted">absent</span>';
    return `<tr><td>${escapeHtml(row.label)}</td><td>${payloadText}</td><td>${cell(row.raw(audio, call))}</td><td>${cell(row.truth?.(legs, ssrc))}</td></tr>`;
  }).join('\n');
  const finalStats = Array.isArray(call.finalStats) ? call.finalStats : undefined;
  return `<div class="table-wrap"><table class="cmp">
<thead><tr><th>quantity</th><th>payload (POSTed)</th><th>raw stats <span class="muted">(${escapeHtml(source)})</span></th><th>relay ground truth${ssrc !== undefined ? ` <span class="muted">(SSRC ${escapeHtml(ssrc)})</span>` : ''}</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
${renderLegs(legs)}
<details class="raw"><summary>Raw documents side by side: payload, final getStats, relay legs</summary>
<div class="three">
<div><h4>payload${call.payload === null ? ' (nothing was POSTed)' : ''}</h4>${jsonBlock(call.payload)}</div>
<div><h4>final getStats (${finalStats ? `${finalStats.length} reports` : 'absent'})</h4>${jsonBlock(finalStats)}</div>
<div><h4>relay legs (${legs.length})</h4>${jsonBlock(legs.map(({ series: _series, droppedPositions: _positions, ...rest }) => rest))}</div>
</div></details>`;
}

function renderLegs(legs: Leg[]): string {
  if (legs.length === 0) return '<p class="muted">No relay ground truth for this call (the media did not pass through the embedded relay, or the call never allocated).</p>';
  const rows = legs
    .map(
      (l) => `<tr><td>${escapeHtml(legName(l))}</td><td>${escapeHtml(l.kind ?? '')}</td><td class="num">${escapeHtml(l.ssrc ?? '–')}</td><td class="num">${n(l.offered)}</td><td class="num">${n(l.delivered)}</td><td class="num${dropped(l) > 0 ? ' worst' : ''}">${n(dropped(l))}</td><td class="num">${n(l.dropped?.loss)} / ${n(l.dropped?.queue)} / ${n(l.dropped?.blackout)}</td><td class="num">${n(l.duplicated)}</td><td class="num">${n(l.reordered)}</td></tr>`,
    )
    .join('\n');
  return `<h4 class="pane-title" style="margin-top:12px">Relay legs</h4><div class="table-wrap"><table>
<thead><tr><th>leg</th><th>kind</th><th class="num">SSRC</th><th class="num">offered</th><th class="num">delivered</th><th class="num">dropped</th><th class="num">loss / queue / blackout</th><th class="num">duplicated</th><th class="num">reordered</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}
