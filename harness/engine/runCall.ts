/**
 * Runs one scenario as one real call between its peers (Chromium pages, Node peers) and returns its result
 * (node side). Independent of Playwright Test: the runner passes `test.step` in as `step`.
 */
import type { AgentEvent } from '../agent/agentProtocol.ts';
import type { CallResult } from '../results/resultsTypes.ts';
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import { DEFAULT_TALK_SECONDS } from '../scenario/scenarioSchema.ts';
import { resolveNetwork } from '../relay/impairmentSchema.ts';
import { runtimesOf } from '../scenario/peerRuntimeRules.ts';
import { ownPageReason } from '../scenario/pageSharingRules.ts';
import type { Role } from '../signaling/signalTypes.ts';
import { assembleResult } from './assembleResult.ts';
import type { CallEnvironment } from './callEnvironment.ts';
import { CallParticipants, newCallId, psidOf } from './callParticipants.ts';
import type { ConsumerCallOptions } from './platformLink.ts';
import type { PlatformLog } from '../results/platformLog.ts';
import type { EdgeCallReport } from '../platform/mediaEdge.ts';
import { describeStep, runStep, type CallState } from './timelineSteps.ts';
import { startMachineLoadSampler } from './machineLoadSampler.ts';

/** How long the business may take to end the call once the timeline is done, ms. */
const END_WITHIN_MS = 60_000;
/** How long the call's webhooks may still be on their way (held back, retried) when it ended, ms. */
const WEBHOOKS_SETTLE_MS = 10_000;
/** How long its submission may take after the end, ms (the agent's budget plus slack). */
const SUBMIT_WITHIN_MS = 30_000;

export type { CallEnvironment } from './callEnvironment.ts';

export async function runCall(scenario: LoadedScenario, env: CallEnvironment): Promise<CallResult> {
  const talkSeconds = env.talkSeconds ?? scenario.talkSeconds ?? DEFAULT_TALK_SECONDS;
  const startedAtMs = Date.now();
  const sharesPage = { consumer: ownPageReason(scenario, 'consumer') === undefined, business: ownPageReason(scenario, 'business') === undefined };
  const participants = new CallParticipants(env, scenario.peers ?? {}, runtimesOf(scenario), sharesPage, startedAtMs);
  participants.acceptWindowMs = scenario.platform?.acceptTimeoutMs;
  const state: CallState = { env, participants, talkSeconds, peers: {}, legs: new Map(), impairments: [], marks: [], startedAtMs, seedKey: seedKeyOf(scenario.id, env.repetition, 1) };
  const load = startMachineLoadSampler(startedAtMs);
  const firstCallId = newCallId();
  participants.callIds.push(firstCallId);
  env.onCallStarted?.(firstCallId);
  env.onLiveSteps?.((step) => runStep(step, state));
  let failure: string | undefined;
  try {
    await env.step('open both peers', async () => {
      for (const role of ['consumer', 'business'] as const) {
        const peer = await participants.open(role, role, firstCallId, state.seedKey, role === 'business' ? onBusinessEvent(env) : undefined);
        state.peers[role] = peer;
        if (role === 'business') participants.link.joinBusiness(firstCallId, peer);
        else participants.link.joinConsumer(firstCallId, peer, consumerCallOptions(scenario, firstCallId));
      }
      // Fault draws follow the call's seed key, not its random id: one seed, the same faults.
      env.submission.endpoint?.registerCall(firstCallId, state.seedKey);
      env.submission.endpoint?.setFaults(scenario.endpointFaults ?? {});
      await applyNetworks(state, firstCallId);
    });
    for (const step of scenario.timeline) {
      const label = describeStep(step, talkSeconds);
      state.marks.push({ step, label, atS: (Date.now() - startedAtMs) / 1000 });
      await env.step(label, () => runStep(step, state));
    }
    const reported = reportedCallOf(scenario, participants.callIds);
    if (scenario.reportCall === 'third' && reported === firstCallId) throw new Error("reportCall is 'third' but no third participant called");
    await env.step('business ends the call and submits', async () => {
      const business = state.peers.business!;
      if (business.isGone()) {
        // A peer that went away reports on its way out (a page's beacon, a process's last
        // request): the endpoint's record shows it.
        await waitForRecord(env, reported, SUBMIT_WITHIN_MS);
        return;
      }
      const ended = await business.events.waitFor('ended', END_WITHIN_MS, 'business', (e) => e.callId === reported);
      if (ended.payload) await business.events.waitFor('submitted', SUBMIT_WITHIN_MS, 'business', (e) => e.callId === reported);
    });
  } catch (error) {
    failure = (error as Error).message.split('\n')[0];
  } finally {
    await participants.close();
  }
  const reportedCallId = reportedCallOf(scenario, participants.callIds);
  // The peers are gone: this read sees every packet they sent through the relay (relayTypes.ts).
  const legs = (await env.relay?.groundTruth(reportedCallId)) ?? [];
  const { log: platformLog, edgeReport } = await platformLogOf(env, reportedCallId);
  if (participants.link.problems.length > 0) failure ??= participants.link.problems[0];
  const result = assembleResult({ scenario, state, reportedCallId, legs, failure, load: load.stop(), ...(platformLog ? { platformLog } : {}), ...(edgeReport ? { edgeReport } : {}) });
  for (const callId of participants.callIds) await env.relay?.endCall(callId);
  return result;
}

/**
 * The platform's log of a call, with what its edge saw (its differences from Meta's edge, its
 * first audio to the business), and the edge's report itself (the ground-truth checks read its
 * streams' holes).
 */
async function platformLogOf(env: CallEnvironment, callId: string): Promise<{ log?: PlatformLog; edgeReport?: EdgeCallReport }> {
  const { platform, edge } = env.platform;
  if (!platform.call(callId)) return {};
  // a webhook held back (delayed, a duplicate's second copy) or still being retried belongs in the log
  const settleBy = Date.now() + WEBHOOKS_SETTLE_MS;
  while (!platform.webhooksSettled(callId) && Date.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 50));
  const log = platform.logOf(callId);
  const report = await edge.report(callId).catch(() => undefined);
  if (report) {
    log.edge.differences = [...report.differences];
    log.edge.firstAudioToBusinessAtMs = report.firstAudioToBusinessAtMs;
    if (report.dtmf.length > 0) log.edge.dtmf = report.dtmf.map((d) => ({ ...d }));
  }
  return report ? { log, edgeReport: report } : { log };
}

/** How the platform treats the scenario's consumer call. */
function consumerCallOptions(scenario: LoadedScenario, callId: string): ConsumerCallOptions {
  const spec = scenario.peers?.consumer;
  return {
    psid: psidOf(callId),
    ...(spec?.callerVisible === false ? { callerHidden: true } : {}),
    ...(spec?.sessionVersion !== undefined ? { sessionVersion: spec.sessionVersion } : {}),
    ...(scenario.platform?.acceptTimeoutMs !== undefined ? { acceptTimeoutMs: scenario.platform.acceptTimeoutMs } : {}),
    ...(scenario.platform?.renegotiate ? { renegotiate: true } : {}),
  };
}

/** The call the scenario's reason is expected on: the first, or the third participant's when there is one. */
function reportedCallOf(scenario: LoadedScenario, callIds: string[]): string {
  return (scenario.reportCall === 'third' ? callIds[1] : undefined) ?? callIds[0]!;
}

/** The relay's random decisions for a call derive from this and the run seed. */
export function seedKeyOf(scenarioId: string, repetition: number, nthCall: number): string {
  return `${scenarioId}#${repetition}/${nthCall}`;
}

/** Graph learns that a call ended from its own signaling; ours learns it from the business agent. */
function onBusinessEvent(env: CallEnvironment) {
  return (event: AgentEvent) => {
    if (event.type !== 'ended') return;
    env.submission.endpoint?.markCallEnded(event.callId, event.info.endedAtMs);
    env.onCallEnded?.(event.callId);
  };
}

/** Sets each side's network (profile or explicit) on its relay legs at the start of the call. */
export async function applyNetworks(state: CallState, callId: string): Promise<void> {
  const relay = state.env.relay;
  if (!relay) return;
  for (const role of ['consumer', 'business'] as Role[]) {
    const { up, down } = resolveNetwork(state.participants.specOf(role)?.network);
    await relay.setImpairment(callId, role, 'up', up);
    await relay.setImpairment(callId, role, 'down', down);
    state.legs.set(`${role}/up`, up);
    state.legs.set(`${role}/down`, down);
  }
}

/**
 * A page that went away cannot report; what it sent shows up in the endpoint's record. Waits for
 * the first request, then until none is in progress: an attempt the page left in flight and the
 * page-hide hand-off may both still be waiting for their answers.
 */
async function waitForRecord(env: CallEnvironment, callId: string, timeoutMs: number): Promise<void> {
  const endpoint = env.submission.endpoint;
  if (!endpoint) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (endpoint.requestsFor(callId).length > 0 && endpoint.inProgressFor(callId) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pending = endpoint.inProgressFor(callId);
  throw new Error(
    pending > 0
      ? `endpoint: ${pending} request(s) for ${callId} still unanswered ${timeoutMs} ms after the business page went away`
      : `endpoint: no submission for ${callId} within ${timeoutMs} ms of the business page going away`,
  );
}
