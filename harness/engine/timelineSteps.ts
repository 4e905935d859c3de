/**
 * What each timeline step does to the real call (node side). A step acts through the
 * browser (the agent's API, permissions, crash, close), the network (the relay) or the
 * platform (its faults) — never by telling the agent which reason to report.
 */
import type { Impairment } from '../relay/impairmentSchema.ts';
import type { FaultPlan } from '../endpoint/faultPlanSchema.ts';
import type { Step, StepOf } from '../scenario/scenarioSchema.ts';
import type { Role } from '../signaling/signalTypes.ts';
import type { CallEnvironment } from './callEnvironment.ts';
import type { CallParticipants } from './callParticipants.ts';
import { newCallId, psidOf } from './callParticipants.ts';
import type { PlatformFaultPlan } from '../platform/platformFaultPlanSchema.ts';
import type { CallPeer } from './callPeer.ts';
import { DEFAULT_ACCEPT_TIMEOUT_MS } from '../platform/callStateMachine.ts';

/** How long a phase may take before the call is declared stuck, ms. */
const TIMEOUTS = { ringing: 15_000, firstAudio: 20_000, ended: 60_000 } as const;

export interface ImpairmentWindow {
  role: Role;
  direction: 'up' | 'down';
  /** seconds since the call started */
  fromS: number;
  toS: number | null;
  label: string;
}

export interface CallState {
  env: CallEnvironment;
  participants: CallParticipants;
  talkSeconds: number;
  peers: Partial<Record<Role | 'third', CallPeer>>;
  /** the impairment currently set on each leg direction, key `role/direction` */
  legs: Map<string, Impairment>;
  /** what was impaired when, for the report's shading */
  impairments: ImpairmentWindow[];
  /** when each timeline step started, seconds since the call started */
  marks: { step: Step; label: string; atS: number }[];
  startedAtMs: number;
  /** the first call's relay seed key */
  seedKey: string;
}

/**
 * Waits `ms`, or less when the environment's stop signal fires (a soak being stopped): the
 * step ends early and the timeline goes on, so the call still ends the way its scenario says.
 */
function pause(ms: number, stop: AbortSignal | undefined): Promise<void> {
  if (stop?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop?.addEventListener('abort', done, { once: true });
  });
}

export function describeStep(step: Step, talkSeconds: number): string {
  switch (step.do) {
    case 'talk':
      return `talk ${step.seconds ?? talkSeconds} s`;
    case 'hangup':
      return `${step.by} hangs up${step.code ? ` (${step.code})` : ''}`;
    case 'wait':
      return `wait ${step.ms} ms`;
    case 'mute':
    case 'unmute':
      return `${step.by} ${step.do}s (${step.method})`;
    case 'blackout':
      return `blackout ${step.role} ${step.direction ?? 'both'} for ${step.ms} ms`;
    case 'platform-fault':
      return `platform fault: ${JSON.stringify(step.plan)}`;
    case 'business-call':
      return 'business calls the consumer';
    case 'pick-up':
      return 'consumer picks up';
    case 'permission-reply':
      return `consumer ${step.approve ? 'approves' : 'declines'} the call permission request`;
    case 'dtmf':
      return `consumer sends DTMF ${step.digits}`;
    case 'forged-webhook':
      return `forged ${step.event} webhook`;
    case 'deny':
    case 'crash':
    case 'close':
    case 'navigate':
      return `${step.do} ${step.role}${step.do === 'deny' ? ` ${step.device}` : ''}`;
    case 'third-participant':
      return `third participant: ${step.mode}`;
    default:
      return step.do;
  }
}

function peer(state: CallState, role: Role): CallPeer {
  const p = state.peers[role];
  if (!p) throw new Error(`${role} is not in the call`);
  return p;
}

function directions(direction: 'up' | 'down' | 'both' | undefined): ('up' | 'down')[] {
  return direction === 'up' || direction === 'down' ? [direction] : ['up', 'down'];
}

function relayOf(state: CallState, what: string) {
  const relay = state.env.relay;
  if (!relay) throw new Error(`${what} needs the embedded relay`);
  return relay;
}

const seconds = (state: CallState) => (Date.now() - state.startedAtMs) / 1000;

async function impair(state: CallState, role: Role, direction: 'up' | 'down', impairment: Impairment, label: string, durationMs?: number): Promise<void> {
  const callId = state.participants.callIds[0]!;
  // the relay applies it as soon as it is asked (its own thread is never busy with the worker's work)
  const fromS = seconds(state);
  await relayOf(state, label).setImpairment(callId, role, direction, impairment);
  state.legs.set(`${role}/${direction}`, impairment);
  state.impairments.push({ role, direction, fromS, toS: durationMs === undefined ? null : fromS + durationMs / 1000, label });
}

export async function runStep(step: Step, state: CallState): Promise<void> {
  const business = () => peer(state, 'business');
  const consumer = () => peer(state, 'consumer');
  const firstCallId = state.participants.callIds[0]!;
  const sleep = (ms: number) => pause(ms, state.env.stop);
  switch (step.do) {
    case 'call':
      await consumer().call();
      return;
    case 'business-call':
      // the call gets the id the engine gave it, so the relay's ground truth and the results match the platform's
      state.env.platform.platform.consumer.expectConnect(psidOf(firstCallId), firstCallId);
      await business().placeCall(psidOf(firstCallId));
      return;
    case 'pick-up':
      await consumer().events.waitFor('ringing', TIMEOUTS.ringing, 'consumer', (e) => e.callId === firstCallId);
      await consumer().pickUp();
      await business().events.waitFor('first-audio', TIMEOUTS.firstAudio, 'business');
      return;
    case 'permission-reply':
      await answerPermission(state, psidOf(firstCallId), step.approve);
      return;
    case 'dtmf':
      await consumer().sendDtmf(step.digits);
      return;
    case 'forged-webhook':
      state.env.platform.platform.forgeWebhook(firstCallId, step.event);
      return;
    case 'ring':
      await business().events.waitFor('ringing', TIMEOUTS.ringing, 'business', (e) => e.callId === firstCallId);
      return;
    case 'answer':
      // the call reaches the business as a webhook: it can only accept once it rings
      await business().events.waitFor('ringing', TIMEOUTS.ringing, 'business', (e) => e.callId === firstCallId);
      await business().answer();
      // The call is up when audio flows: wait for the business's first inbound packet.
      if (step.waitForMedia !== false) await business().events.waitFor('first-audio', TIMEOUTS.firstAudio, 'business');
      return;
    case 'decline':
      await business().events.waitFor('ringing', TIMEOUTS.ringing, 'business', (e) => e.callId === firstCallId);
      await business().decline();
      return;
    case 'ignore':
      if (step.ms !== undefined) await sleep(step.ms);
      // unanswered, the call lasts the platform's whole accept window before the usual end
      else await business().events.waitFor('ended', (state.participants.acceptWindowMs ?? DEFAULT_ACCEPT_TIMEOUT_MS) + TIMEOUTS.ended, 'business', (e) => e.callId === firstCallId);
      return;
    case 'talk':
      await sleep((step.seconds ?? state.talkSeconds) * 1000);
      return;
    case 'mute':
      await peer(state, step.by).mute(step.method);
      return;
    case 'unmute':
      await peer(state, step.by).unmute(step.method);
      return;
    case 'impair':
      for (const d of directions(step.direction)) await impair(state, step.role, d, step.impairment as Impairment, 'impair');
      return;
    case 'blackout':
      for (const d of directions(step.direction)) {
        const current = state.legs.get(`${step.role}/${d}`) ?? {};
        const blackouts = [{ atMs: 0, durationMs: step.ms, mode: step.mode ?? 'drop' }];
        await impair(state, step.role, d, { ...current, blackouts }, `blackout ${step.mode ?? 'drop'}`, step.ms);
      }
      return;
    case 'hangup':
      await peer(state, step.by).hangUp(step.code);
      return;
    case 'remove':
      await consumer().hangUp('Removed');
      return;
    case 'platform-fault':
      state.env.platform.platform.setFaults(firstCallId, step.plan as PlatformFaultPlan);
      return;
    case 'deny':
      await peer(state, step.role).deny(step.device);
      return;
    case 'crash':
      await peer(state, step.role).crash();
      return;
    case 'close':
      await peer(state, step.role).closePage();
      return;
    case 'navigate':
      await peer(state, step.role).navigateAway();
      return;
    case 'third-participant':
      await thirdParticipant(step, state);
      return;
    case 'endpoint-faults':
      state.env.submission.endpoint?.setFaults(step.plan as FaultPlan);
      return;
    case 'wait':
      await sleep(step.ms);
  }
}

/** How long the consumer waits for the business's permission request to arrive, ms. */
const PERMISSION_REQUEST_WAIT_MS = 15_000;

/** The consumer answers the business's call permission request once it has arrived. */
async function answerPermission(state: CallState, psid: string, approve: boolean): Promise<void> {
  const deadline = Date.now() + PERMISSION_REQUEST_WAIT_MS;
  for (;;) {
    try {
      state.env.platform.platform.consumer.answerPermission(psid, approve);
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`no call permission request reached consumer ${psid} within ${PERMISSION_REQUEST_WAIT_MS} ms (${(error as Error).message})`);
      await pause(100, undefined);
    }
  }
}

/**
 * A third page calls the business: another consumer (a second call while it is busy), or the
 * same consumer from a second device (`join`: a connect from the PSID already in the call).
 */
async function thirdParticipant(step: StepOf<'third-participant'>, state: CallState): Promise<void> {
  const callId = newCallId();
  const { participants, env } = state;
  const seedKey = `${state.seedKey}/third`;
  participants.callIds.push(callId);
  env.submission.endpoint?.registerCall(callId, seedKey);
  const third = await participants.open('consumer', 'third', callId, seedKey);
  state.peers.third = third;
  const psid = step.mode === 'join' ? psidOf(participants.callIds[0]!) : psidOf(callId);
  participants.link.joinConsumer(callId, third, { psid });
  participants.link.joinBusiness(callId, peer(state, 'business'));
  await third.call();
  await peer(state, 'business').events.waitFor('ended', TIMEOUTS.ended, 'business', (e) => e.callId === callId);
}
