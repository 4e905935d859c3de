/**
 * Turns what a call left behind — the agents' events, the endpoint's record, the relay's
 * counts — into its CallResult with every check (node side).
 */
import type { AgentEvent } from '../agent/agentProtocol.ts';
import type { CallResult, CheckResult } from '../results/resultsTypes.ts';
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import { contractChecks } from '../contract/contractChecks.ts';
import { callContextFrom, compareTransforms } from '../contract/compareTransforms.ts';
import { submissionChecks, toSubmissionAttempts } from './checks/submissionChecks.ts';
import { rejectedSubmissionChecks } from './checks/rejectedSubmissionChecks.ts';
import { callChecks } from './checks/callChecks.ts';
import { groundTruthChecks } from './checks/groundTruthChecks.ts';
import { expectationChecks } from './checks/expectationChecks.ts';
import { muteChecks } from './checks/muteChecks.ts';
import type { CallState } from './timelineSteps.ts';
import type { LegGroundTruth } from '../relay/core/groundTruthTypes.ts';
import { describePeer, statsFieldsCheck } from './checks/peerDifferences.ts';
import { machineDegradation, shapesTiming, type ShapedSpan } from './checks/machineDegradation.ts';
import type { MachineLoadPoint } from './machineLoadSampler.ts';
import { resolveNetwork } from '../relay/impairmentSchema.ts';
import type { PlatformLog } from '../results/platformLog.ts';
import type { EdgeCallReport } from '../platform/mediaEdge.ts';
import { platformChecks } from './checks/platformChecks.ts';
import { dtmfDigitsCheck } from './checks/dtmfDigitsCheck.ts';
import { dtmfOnWireCheck } from './checks/dtmfOnWireCheck.ts';
import { externalBusinessVerdicts } from './checks/externalBusinessVerdicts.ts';
import { payloadPacketsCheck } from './checks/payloadPacketsCheck.ts';
import { EXTERNAL_ROOT_CAUSES, FORGED_WEBHOOK, judgeRootCauses } from './checks/rootCauses.ts';
import { businessDutiesOf, callsRequestsChecks } from './checks/callsRequestsChecks.ts';

/** What an external business's results say callsoak could not see of it. */
function externalDifferences(rawStats: boolean): string[] {
  return [
    "your own integration, seen through the platform's log (webhook answers, Graph requests, the /call_metrics body) and the network (relay, edge)",
    rawStats ? 'raw getStats from the RTCPeerConnection observed in its agent console page' : 'no raw getStats: checks that compare the payload with the snapshot it came from have no verdict',
    'its media reaches the edge through a relay front named in the edge\'s SDP, not through TURN',
  ];
}

type Ended = Extract<AgentEvent, { type: 'ended' }>;

export function assembleResult(input: {
  scenario: LoadedScenario;
  state: CallState;
  reportedCallId: string;
  /** the relay's ground truth for the reported call, read once its peers were gone */
  legs: LegGroundTruth[];
  failure: string | undefined;
  /** the machine's load while the call ran */
  load: MachineLoadPoint[];
  /** what the platform saw and did for the reported call (absent when the platform never knew it) */
  platformLog?: PlatformLog;
  /** the media edge's report of the reported call (absent when no edge carried it): truth.packets_lost joins its streams' holes */
  edgeReport?: EdgeCallReport;
}): CallResult {
  const { scenario, state, reportedCallId: callId } = input;
  const { env, peers } = state;
  const business = peers.business;
  const forCall = (e: { callId: string }) => e.callId === callId;
  const ended: Ended | undefined = business?.events.find('ended', forCall);
  const submitted = business?.events.find('submitted', forCall);
  const consumerEnded = (scenario.reportCall === 'third' ? peers.third : peers.consumer)?.events.find('ended', forCall);
  const records = env.submission.endpoint?.requestsFor(callId) ?? [];
  const posted = records.find((r) => r.method === 'POST');
  // A page that closed mid-call could not report its payload; the endpoint saw what it sent.
  const payload = ended?.payload ?? (posted?.body as Record<string, unknown> | undefined) ?? null;
  const legs = input.legs;
  const result: CallResult = {
    scenario: scenario.id,
    callId,
    expectedEndCallReason: scenario.expectedEndCallReason,
    // A page that went away may not have lived to report; its payload says what it decided.
    endCallReason: ended?.info.reason ?? stringField(payload, 'end_call_reason'),
    endCallSubreason: ended?.info.subreason ?? stringField(payload, 'end_call_subreason'),
    talkSeconds: state.talkSeconds,
    transform: env.transformLabel,
    payload,
    submissions: toSubmissionAttempts(records),
    checks: [],
    samples: business?.samples ?? [],
    finalStats: ended?.finalStats ?? [],
    startedAtMs: state.startedAtMs,
    endedAtMs: ended?.info.endedAtMs ?? Date.now(),
    legs,
    peers: {},
  };
  const finalStatsOf = { business: ended?.finalStats ?? [], consumer: consumerEnded?.finalStats ?? [] };
  for (const role of ['consumer', 'business'] as const) {
    const peer = peers[role];
    if (!peer) continue;
    result.peers![role] = peer.runtime === 'external' ? { runtime: 'external', version: peer.version, differences: externalDifferences(finalStatsOf[role].length > 0) } : describePeer(peer.runtime, peer.version, finalStatsOf[role], peer.ownPage);
  }
  if (input.platformLog) result.platform = input.platformLog;
  const logged = state.participants.peers.filter((p) => p.ownPage !== false && p.console.length > 0);
  if (logged.length > 0) result.console = Object.fromEntries(logged.map((p) => [p.name, [...p.console]]));
  const checks: CheckResult[] = callChecks({
    scenario,
    result,
    ended,
    // an external business's playout is judged only from its observed page
    businessRuntime: business?.runtime === 'node' ? 'node' : 'chromium',
    failure: input.failure,
    agentErrors: state.participants.peers.flatMap((p) => p.events.events.flatMap((e) => (e.type === 'error' ? [`${p.name}: ${e.message}`] : []))),
  });
  if (env.submission.endpoint && scenario.expectSubmission === 'rejected') {
    checks.push(...rejectedSubmissionChecks(records));
  } else if (env.submission.endpoint) {
    checks.push(
      ...submissionChecks({
        records,
        callEndedAtMs: ended?.info.endedAtMs ?? result.endedAtMs!,
        ...(submitted ? { client: { accepted: submitted.accepted, attempts: submitted.attempts as { outcome: string; status: number }[] } } : {}),
      }),
    );
  } else if (submitted) {
    checks.push({ id: 'submission.accepted_once', ok: submitted.accepted, severity: 'error', message: `the external endpoint ${submitted.accepted ? 'accepted' : 'did not accept'} the payload${submitted.error ? `: ${submitted.error}` : ''}` });
  }
  if (ended && payload) {
    const context = callContextFrom({ callId, reason: ended.info.reason, subreason: ended.info.subreason, endedAtMs: ended.info.endedAtMs, firstAudioAtMs: ended.info.firstAudioAtMs });
    checks.push(
      ...contractChecks({
        payload,
        transformName: env.transformLabel,
        finalStats: ended.finalStats,
        context,
        callEndedAtMs: ended.info.endedAtMs,
        firstAudioAtMs: ended.info.firstAudioAtMs,
        ...(ended.repeatPayload !== undefined ? { recomputedPayload: ended.repeatPayload } : {}),
      }),
    );
    result.transforms = compareTransforms({ chosen: env.transformLabel, posted: payload, finalStats: ended.finalStats, context });
  }
  checks.push(...expectationChecks(scenario, { ...result, checks: [] }));
  checks.push(...muteChecks(state.marks, result.samples));
  for (const role of ['consumer', 'business'] as const) {
    const peer = peers[role];
    const fields = peer?.runtime === 'node' ? statsFieldsCheck(role, 'node', finalStatsOf[role]) : undefined;
    if (fields) checks.push(fields);
  }
  // The platform's own checks judge /call_metrics as the platform saw it: not when the business submits elsewhere (--endpoint).
  if (input.platformLog && env.submission.endpoint) {
    // a scenario whose point is a refused submission is judged by the rejected-submission checks instead
    const once = scenario.expectSubmission === 'rejected' ? 'platform.metrics_once' : null;
    checks.push(...platformChecks(input.platformLog).filter((c) => c.id !== once));
  }
  const dtmfEvents = (peers.consumer?.events.events ?? []).flatMap((e) => (e.type === 'dtmf' ? [e] : []));
  const sentTones = dtmfEvents.map((e) => ({ tone: e.tone, atMs: e.atMs }));
  const dtmf = dtmfDigitsCheck(sentTones, input.platformLog?.edge.dtmf);
  if (dtmf) checks.push(dtmf);
  checks.push(...groundTruthChecks({ legs, state, businessStats: ended?.finalStats ?? [], consumerStats: consumerEnded?.finalStats ?? [], ...(input.edgeReport ? { edge: input.edgeReport } : {}) }));
  const dtmfOnWire = dtmfOnWireCheck({ sent: sentTones, telephoneEvents: dtmfEvents[0]?.telephoneEvents ?? [], legs });
  if (dtmfOnWire) checks.push(dtmfOnWire);
  const machine = machineDegradation({ samples: result.samples, legs, shaped: shapedPath(scenario, state), load: input.load, sampleIntervalMs: env.sampleIntervalMs });
  checks.push(machine.check);
  result.machine = { cpu: input.load, concealedPct: machine.machineConcealedPct, spans: machine.spans };
  // A team's own integration is judged on what callsoak can see of it (externalBusinessVerdicts.ts).
  const judged =
    business?.runtime === 'external'
      ? [
          ...externalBusinessVerdicts(checks, { rawStats: (ended?.finalStats.length ?? 0) > 0 }),
          ...(input.platformLog ? callsRequestsChecks(input.platformLog, businessDutiesOf(scenario)) : []),
          payloadPacketsCheck({ payload, legs, streams: input.edgeReport?.streams }),
        ]
      : checks;
  result.checks = judgeRootCauses(judged, business?.runtime === 'external' ? EXTERNAL_ROOT_CAUSES : [FORGED_WEBHOOK]);
  result.impairments = state.impairments;
  result.timeline = state.marks.map(({ label, atS }) => ({ label, atS }));
  result.status = result.checks.some((c) => !c.ok && c.severity === 'error') ? 'failed' : 'passed';
  return result;
}

/** When the path into the business (consumer uplink, business downlink) was set to delay, queue or hold packets. */
function shapedPath(scenario: LoadedScenario, state: CallState): ShapedSpan[] {
  const staticShaped = shapesTiming(resolveNetwork(scenario.peers?.consumer?.network).up) || shapesTiming(resolveNetwork(scenario.peers?.business?.network).down);
  const timeline = state.impairments
    .filter((w) => (w.role === 'consumer' && w.direction === 'up') || (w.role === 'business' && w.direction === 'down'))
    .map((w) => ({ fromS: w.fromS, toS: w.toS }));
  return [...(staticShaped ? [{ fromS: 0, toS: null }] : []), ...timeline];
}

function stringField(payload: unknown, key: string): string | null {
  const value = (payload as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : null;
}
