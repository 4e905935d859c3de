/**
 * The call-level checks every call gets (node side): did the call run, end for the expected
 * reason with a subreason that says what happened, and carry the media its timeline implies.
 * Payload contract checks live in harness/contract, submission checks in harness/endpoint,
 * ground-truth checks in groundTruthChecks.ts.
 */
import type { PeerRuntime } from '../../agent/agentPlatform.ts';
import type { AgentEvent } from '../../agent/agentProtocol.ts';
import type { CallResult, CheckResult } from '../../results/resultsTypes.ts';
import type { LoadedScenario } from '../../scenario/loadScenarios.ts';
import { extractAudioSample } from '../../stats/extractAudioSample.ts';
import type { AudioSample } from '../../stats/audioSample.ts';

/** Opus in WebRTC sends one packet per 20 ms frame: 50 packets a second. */
export const OPUS_PACKETS_PER_SECOND = 50;
/** Allowed deviation of the packet rate from 50/s, fraction; covers start-up and the last interval. */
const PACKET_RATE_TOLERANCE = 0.15;
/** Allowed difference between played-out audio and the time audio flowed, fixed part, s (jitter buffer fill + end). */
const PLAYOUT_TOLERANCE_S = 1.5;
/**
 * ...plus this fraction of the time audio flowed. The audio output pulls samples on its own
 * schedule, and when its thread runs late it does not make up the pulls it missed, so
 * totalSamplesDuration falls behind the clock in bursts under load, every call of a page
 * alike: a 10-min call on a loaded 2-core machine can fall ~2 s (~0.3 %) behind, hence 1 % of
 * the time played. A frozen or miscounted counter, or audio that never played, misses by far more.
 */
const PLAYOUT_LAG_FRACTION = 0.01;

/** How far totalSamplesDuration may be from the seconds remote audio played, s. */
export function allowedPlayoutDifferenceS(playedS: number): number {
  return PLAYOUT_TOLERANCE_S + PLAYOUT_LAG_FRACTION * Math.max(0, playedS);
}

type Ended = Extract<AgentEvent, { type: 'ended' }>;

const check = (id: string, ok: boolean, message: string, severity: CheckResult['severity'] = 'error'): CheckResult => ({ id, ok, severity, message });

/**
 * Whether the scenario's call should have carried audio: stated, or implied by answering and
 * waiting for media (the business's answer, or the consumer's pick-up of a business's call).
 */
export function expectsMedia(scenario: LoadedScenario): boolean {
  if (scenario.expectMedia !== undefined) return scenario.expectMedia;
  if (scenario.reportCall === 'third') return false;
  return scenario.timeline.some((s) => (s.do === 'answer' && s.waitForMedia !== false) || s.do === 'pick-up');
}

export function callChecks(input: {
  scenario: LoadedScenario;
  result: CallResult;
  ended: Ended | undefined;
  /** what the business runs in: says where its playout starts */
  businessRuntime: PeerRuntime;
  /** why the call's timeline stopped early, if it did */
  failure: string | undefined;
  agentErrors: string[];
}): CheckResult[] {
  const { scenario, result, ended } = input;
  const checks: CheckResult[] = [
    check('call.completed', !input.failure, input.failure ?? 'every timeline step ran and the business ended the call'),
    check(
      'call.end_reason',
      result.endCallReason === result.expectedEndCallReason,
      `business ended with ${result.endCallReason ?? 'no reason (it never reported the end)'}; expected ${result.expectedEndCallReason}`,
    ),
  ];
  const subreason = result.endCallSubreason ?? '';
  const wanted = scenario.expectedSubreason;
  checks.push(
    check(
      'call.subreason',
      wanted ? subreason.toLowerCase().includes(wanted.toLowerCase()) : subreason.trim().length > 0,
      wanted ? `subreason "${subreason}" ${subreason.toLowerCase().includes(wanted.toLowerCase()) ? 'names' : 'does not name'} "${wanted}"` : `subreason "${subreason}"`,
    ),
  );
  if (ended) {
    checks.push(
      check(
        'payload.built',
        ended.payload !== null,
        ended.payload !== null ? `transform ${result.transform} returned a payload` : `transform ${result.transform} ${ended.transformError ?? 'returned no payload'}`,
      ),
    );
    checks.push(...(expectsMedia(scenario) ? mediaChecks(ended, result.samples, input.businessRuntime) : noMediaChecks(ended)));
  }
  for (const message of input.agentErrors) checks.push(check('agent.error', false, message, 'warning'));
  return checks;
}

/**
 * The packet rate while audio flowed: the median over sampling intervals that received audio,
 * leaving out the first and last such interval (start-up, and a mute or outage the scenario
 * causes on purpose, cover them only in part). Undefined when fewer than 2 intervals remain.
 */
function flowingPacketRate(samples: AudioSample[]): { rate: number; intervals: number } | undefined {
  const count = (s: AudioSample) => (s.inbound?.packetsReceived ?? 0) + Math.max(0, s.inbound?.packetsLost ?? 0);
  const rates: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (!a.inbound || !b.inbound) continue;
    // The report's own timestamp, not when the page got it: getStats is late under load.
    const seconds = a.timestampMs !== undefined && b.timestampMs !== undefined ? (b.timestampMs - a.timestampMs) / 1000 : b.t - a.t;
    if (seconds <= 0.2) continue;
    const delta = count(b) - count(a);
    if (delta > 0) rates.push(delta / seconds);
  }
  const interior = rates.slice(1, -1).sort((x, y) => x - y);
  if (interior.length < 2) return undefined;
  return { rate: interior[Math.floor(interior.length / 2)]!, intervals: interior.length };
}

/** What the talk time implies for the business's receive stats. */
function mediaChecks(ended: Ended, samples: AudioSample[], runtime: PeerRuntime): CheckResult[] {
  if (ended.info.firstAudioAtMs === null) return [check('media.first_audio', false, 'no inbound audio packet ever arrived at the business; the scenario expects audio')];
  const playoutSeconds = (ended.info.endedAtMs - (ended.info.playoutStartAtMs ?? ended.info.firstAudioAtMs)) / 1000;
  const inbound = extractAudioSample(ended.finalStats, 0, 0).inbound ?? {};
  const received = inbound.packetsReceived ?? 0;
  const lost = Math.max(0, inbound.packetsLost ?? 0);
  const flowing = flowingPacketRate(samples);
  const playout = inbound.totalSamplesDuration ?? 0;
  const checks: CheckResult[] = [];
  if (flowing) {
    // One-sided: fewer packets than the talk time implies means audio went missing. More is
    // the sender's business: under loss libwebrtc may shorten Opus frames (up to
    // ~110 packets/s late in a call with 10 % loss), which the receive counters then reflect.
    const low = OPUS_PACKETS_PER_SECOND * (1 - PACKET_RATE_TOLERANCE);
    const above = flowing.rate > OPUS_PACKETS_PER_SECOND * (1 + PACKET_RATE_TOLERANCE);
    checks.push(
      check(
        'media.packet_rate',
        flowing.rate >= low,
        `${flowing.rate.toFixed(1)} packets/s (packetsReceived + packetsLost, median over ${flowing.intervals} full sampling intervals; ` +
          `${received} + ${lost} in all); expected at least ${low} (${OPUS_PACKETS_PER_SECOND} for Opus's 20 ms frames, less ${PACKET_RATE_TOLERANCE * 100}%)` +
          (above ? '; more than one packet per 20 ms: the sender shortened its frames' : ''),
      ),
    );
  }
  const allowed = allowedPlayoutDifferenceS(playoutSeconds);
  checks.push(
    check(
      'media.playout_duration',
      Math.abs(playout - playoutSeconds) <= allowed,
      `totalSamplesDuration ${playout.toFixed(2)} s; remote audio played for ${playoutSeconds.toFixed(2)} s (from the track reaching the ` +
        `${runtime === 'node' ? 'RTCAudioSink' : '<audio> element'} to the call's end; libwebrtc plays out silence and concealment too); ` +
        `allowed difference ${allowed.toFixed(2)} s (${PLAYOUT_TOLERANCE_S} s + ${PLAYOUT_LAG_FRACTION * 100} % of the time played)`,
    ),
  );
  return checks;
}

/** A call that never carried media reports no first audio packet and zero packets received. */
function noMediaChecks(ended: Ended): CheckResult[] {
  const audio = (ended.payload?.audio_stats ?? {}) as Record<string, unknown>;
  const first = ended.payload?.first_audio_packet_received_time;
  const received = audio.packets_received;
  return [
    check('media.none_expected', ended.info.firstAudioAtMs === null, ended.info.firstAudioAtMs === null ? 'no inbound audio arrived, as the scenario expects' : `audio arrived at ${new Date(ended.info.firstAudioAtMs).toISOString()} though the call was not expected to carry media`),
    check(
      'payload.no_media',
      !ended.payload || ((first === 0 || first === null || first === undefined) && (received === 0 || received === undefined)),
      `first_audio_packet_received_time ${JSON.stringify(first)}, audio_stats.packets_received ${JSON.stringify(received)}; a call without media reports no first packet (0) and 0 packets`,
    ),
  ];
}
