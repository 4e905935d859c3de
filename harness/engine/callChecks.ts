/**
 * The call-level checks every call gets (node side): did the call run, end for the expected
 * reason, carry the media its talk time implies, and land its payload exactly once.
 * Payload contract checks live in harness/contract; these are about the call itself.
 */
import type { AgentEvent } from '../page/agentProtocol.ts';
import type { CallResult, CheckResult } from '../results/resultsTypes.ts';
import { extractAudioSample } from '../stats/extractAudioSample.ts';

/** Opus in WebRTC sends one packet per 20 ms frame: 50 packets a second. */
export const OPUS_PACKETS_PER_SECOND = 50;
/** Allowed deviation of the packet rate from 50/s, fraction; covers start-up and the last RTCP interval. */
const PACKET_RATE_TOLERANCE = 0.15;
/** Allowed difference between played-out audio and the time audio flowed, s (jitter buffer fill + end). */
const PLAYOUT_TOLERANCE_S = 1.5;

type Ended = Extract<AgentEvent, { type: 'ended' }>;
type Submitted = Extract<AgentEvent, { type: 'submitted' }>;

const check = (id: string, ok: boolean, message: string, severity: CheckResult['severity'] = 'error'): CheckResult => ({
  id,
  ok,
  severity,
  message,
});

export function callChecks(input: {
  result: CallResult;
  ended: Ended | undefined;
  submitted: Submitted | undefined;
  /** true when the harness owns the endpoint and so sees every request */
  embeddedEndpoint: boolean;
  /** why the call's timeline stopped early, if it did */
  failure: string | undefined;
  agentErrors: string[];
}): CheckResult[] {
  const { result, ended, submitted } = input;
  const checks: CheckResult[] = [
    check('call.completed', !input.failure, input.failure ?? 'every timeline step ran and the business ended the call'),
    check(
      'call.end_reason',
      result.endCallReason === result.expectedEndCallReason,
      `business ended with ${result.endCallReason ?? 'no reason (the call never ended)'}; expected ${result.expectedEndCallReason}`,
    ),
  ];
  if (ended) {
    checks.push(
      check(
        'payload.built',
        ended.payload !== null,
        ended.payload !== null
          ? `transform ${result.transform} returned a payload`
          : `transform ${result.transform} ${ended.transformError ?? 'returned no payload'}`,
      ),
    );
  }
  if (input.embeddedEndpoint) {
    const accepted = result.submissions.filter((s) => s.status === 200 && (s.response as { success?: unknown })?.success === true);
    checks.push(
      check(
        'submission.accepted_once',
        accepted.length === 1,
        `${accepted.length} accepted of ${result.submissions.length} request(s) for ${result.callId}; exactly 1 expected`,
      ),
    );
  } else if (submitted) {
    checks.push(check('submission.accepted_once', submitted.accepted, `the external endpoint ${submitted.accepted ? 'accepted' : 'did not accept'} the payload${submitted.error ? `: ${submitted.error}` : ''}`));
  }
  if (ended?.info.firstAudioAtMs != null) checks.push(...mediaChecks(ended));
  for (const message of input.agentErrors) checks.push(check('agent.error', false, message, 'warning'));
  return checks;
}

/** What the talk time implies for the business's receive stats. */
function mediaChecks(ended: Ended): CheckResult[] {
  const mediaSeconds = (ended.info.endedAtMs - ended.info.firstAudioAtMs!) / 1000;
  const inbound = extractAudioSample(ended.finalStats, 0, 0).inbound ?? {};
  const received = inbound.packetsReceived ?? 0;
  const lost = Math.max(0, inbound.packetsLost ?? 0);
  const rate = (received + lost) / mediaSeconds;
  const playout = inbound.totalSamplesDuration ?? 0;
  return [
    check(
      'media.packet_rate',
      Math.abs(rate / OPUS_PACKETS_PER_SECOND - 1) <= PACKET_RATE_TOLERANCE,
      `packetsReceived ${received} + packetsLost ${lost} over ${mediaSeconds.toFixed(2)} s of audio = ${rate.toFixed(1)} packets/s; ` +
        `expected ${OPUS_PACKETS_PER_SECOND} ± ${PACKET_RATE_TOLERANCE * 100}% (Opus, 20 ms frames)`,
    ),
    check(
      'media.playout_duration',
      Math.abs(playout - mediaSeconds) <= PLAYOUT_TOLERANCE_S,
      `totalSamplesDuration ${playout.toFixed(2)} s; audio flowed for ${mediaSeconds.toFixed(2)} s ` +
        `(first packet to call end); allowed difference ${PLAYOUT_TOLERANCE_S} s`,
    ),
  ];
}
