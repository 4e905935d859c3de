/**
 * Runs one scenario as one real call between two Chromium peers and returns its result
 * (node side). Independent of Playwright Test: the runner passes `test.step` in as `step`.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright';
import type { AgentEvent, AgentInit } from '../page/agentProtocol.ts';
import type { CallResult, SubmissionAttempt } from '../results/resultsTypes.ts';
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import { DEFAULT_TALK_SECONDS, type Step } from '../scenario/scenarioSchema.ts';
import { SignalingBus } from '../signaling/signalingBus.ts';
import type { Role } from '../signaling/signalTypes.ts';
import { ChromiumPeer } from './chromiumPeer.ts';
import { callChecks } from './callChecks.ts';

/** Where the business agent submits, and the embedded endpoint's record when it is ours. */
export interface SubmissionTarget {
  /** full call_metrics URL */
  url: string;
  accessToken: string;
  /** present when the endpoint is the embedded one: the harness reads its record */
  endpoint?: {
    registerCall(callId: string): void;
    markCallEnded(callId: string, endedAtMs: number): void;
    requestsFor(callId: string): { receivedAtMs: number; respondedAtMs?: number; body?: unknown; outcome: { status: number; response: unknown } }[];
  };
}

export interface CallEnvironment {
  browser: Browser;
  /** the page server's URL */
  pageUrl: string;
  submission: SubmissionTarget;
  /** ICE servers for relay-only calls; absent = direct (host candidates on loopback) */
  ice?: { iceServers: (role: Role, callId: string) => RTCIceServer[] };
  transform: AgentInit['transform'];
  /** label of the transform in results: spec, documented or the module path */
  transformLabel: string;
  sampleIntervalMs: number;
  /** talk time override from --talk-seconds */
  talkSeconds?: number;
  /** Playwright Test's test.step, or a plain runner */
  step: <T>(title: string, body: () => Promise<T>) => Promise<T>;
}

/** How long each phase may take before the call is declared stuck, ms. */
const TIMEOUTS = { ringing: 15_000, firstAudio: 20_000, ended: 15_000, submitted: 30_000 } as const;

/** The submission budget the agent gets, retries included, ms. */
const SUBMIT_BUDGET_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function newCallId(): string {
  return `c_${randomBytes(24).toString('base64url')}`;
}

export async function runCall(scenario: LoadedScenario, env: CallEnvironment): Promise<CallResult> {
  const callId = newCallId();
  const talkSeconds = env.talkSeconds ?? scenario.talkSeconds ?? DEFAULT_TALK_SECONDS;
  const startedAtMs = Date.now();
  env.submission.endpoint?.registerCall(callId);
  const peers = {} as Record<Role, ChromiumPeer>;
  const bus = new SignalingBus((to, envelope) => peers[to].deliver(envelope));
  const onEvent = (role: Role) => (event: AgentEvent) => {
    // Graph learns that a call ended from its own signaling; ours learns it from the agent.
    if (role === 'business' && event.type === 'ended') env.submission.endpoint?.markCallEnded(callId, event.info.endedAtMs);
  };
  const initFor = (role: Role): AgentInit => ({
    role,
    callId,
    iceServers: env.ice?.iceServers(role, callId) ?? [],
    iceTransportPolicy: env.ice ? 'relay' : 'all',
    sampleIntervalMs: env.sampleIntervalMs,
    transform: env.transform,
    ...(role === 'business'
      ? { submit: { url: env.submission.url, accessToken: env.submission.accessToken, totalBudgetMs: SUBMIT_BUDGET_MS } }
      : {}),
  });
  let failure: string | undefined;
  try {
    await env.step('open both peers', async () => {
      for (const role of ['consumer', 'business'] as const) {
        peers[role] = await ChromiumPeer.open(env.browser, {
          role,
          pageUrl: env.pageUrl,
          init: initFor(role),
          grantMicrophone: true,
          onSignal: (envelope) => bus.send(envelope),
          onEvent: onEvent(role),
        });
      }
    });
    for (const step of scenario.timeline) {
      await env.step(describeStep(step, talkSeconds), () => runStep(step, peers, talkSeconds));
    }
    await env.step('business ends the call and submits', async () => {
      await peers.business.events.waitFor('ended', TIMEOUTS.ended, 'business');
      await peers.business.events.waitFor('submitted', TIMEOUTS.submitted, 'business');
    });
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    await Promise.all(Object.values(peers).map((peer) => peer.close()));
  }
  return assembleResult({ scenario, callId, talkSeconds, startedAtMs, peers, env, failure });
}

function describeStep(step: Step, talkSeconds: number): string {
  switch (step.do) {
    case 'talk':
      return `talk ${step.seconds ?? talkSeconds} s`;
    case 'hangup':
      return `${step.by} hangs up`;
    case 'wait':
      return `wait ${step.ms} ms`;
    default:
      return step.do;
  }
}

async function runStep(step: Step, peers: Record<Role, ChromiumPeer>, talkSeconds: number): Promise<void> {
  switch (step.do) {
    case 'call':
      await peers.consumer.call();
      await peers.business.events.waitFor('ringing', TIMEOUTS.ringing, 'business');
      return;
    case 'answer':
      await peers.business.answer();
      // The call is up when audio flows: wait for the business's first inbound packet.
      await peers.business.events.waitFor('first-audio', TIMEOUTS.firstAudio, 'business');
      return;
    case 'talk':
      await sleep((step.seconds ?? talkSeconds) * 1000);
      return;
    case 'hangup':
      await peers[step.by].hangUp();
      return;
    case 'wait':
      await sleep(step.ms);
      return;
  }
}

function assembleResult(input: {
  scenario: LoadedScenario;
  callId: string;
  talkSeconds: number;
  startedAtMs: number;
  peers: Partial<Record<Role, ChromiumPeer>>;
  env: CallEnvironment;
  failure: string | undefined;
}): CallResult {
  const { scenario, callId, env, peers } = input;
  const business = peers.business;
  const ended = business?.events.find('ended');
  const submitted = business?.events.find('submitted');
  const submissions: SubmissionAttempt[] = (env.submission.endpoint?.requestsFor(callId) ?? []).map((record, index) => ({
    attempt: index + 1,
    status: record.outcome.status,
    response: record.outcome.response,
    receivedAtMs: record.receivedAtMs,
    ...(record.respondedAtMs !== undefined ? { latencyMs: record.respondedAtMs - record.receivedAtMs } : {}),
    body: record.body,
  }));
  const result: CallResult = {
    scenario: scenario.id,
    callId,
    expectedEndCallReason: scenario.expectedEndCallReason,
    endCallReason: ended?.info.reason ?? null,
    endCallSubreason: ended?.info.subreason ?? null,
    talkSeconds: input.talkSeconds,
    transform: env.transformLabel,
    payload: ended?.payload ?? null,
    submissions,
    checks: [],
    samples: business?.samples ?? [],
    finalStats: ended?.finalStats ?? [],
    startedAtMs: input.startedAtMs,
    endedAtMs: ended?.info.endedAtMs ?? Date.now(),
  };
  result.checks = callChecks({
    result,
    ended,
    submitted,
    embeddedEndpoint: env.submission.endpoint !== undefined,
    failure: input.failure,
    agentErrors: [...(peers.consumer?.events.events ?? []), ...(business?.events.events ?? [])].flatMap((e) =>
      e.type === 'error' ? [e.message] : [],
    ),
  });
  result.status = result.checks.some((c) => !c.ok && c.severity === 'error') ? 'failed' : 'passed';
  return result;
}
