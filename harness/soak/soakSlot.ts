/**
 * One call slot of a soak (node side, in a Playwright worker): holds a call, and when it ends
 * starts the next, until the soak's deadline or its stop signal. Each call is a normal scenario
 * call (runCall) whose talk time is the churn interval — or the rest of the soak — and whose
 * talk ends early, and properly, when the soak is stopped. Memory stays bounded: a participant
 * keeps a window of samples; every sample is appended to disk and fed to the streaming soak checks.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CallResult } from '../results/resultsTypes.ts';
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import type { SoakPlan } from '../plan/soakPlan.ts';
import { SOAK_FILES } from '../plan/soakPlan.ts';
import { SampleSpill } from './sampleSpill.ts';
import { soakCallName, soakSamplesPath, writeSoakCall } from './soakCallFiles.ts';
import { PeerSoakChecks } from './soakChecks.ts';
import { inboundDelivered } from './checks/inboundDelivered.ts';
import type { Role } from '../signaling/signalTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import type { LegGroundTruth } from '../relay/core/groundTruthTypes.ts';
import { runCall, type CallEnvironment } from '../engine/runCall.ts';

/** a call shorter than this is not started near the deadline, seconds */
const MIN_CALL_S = 5;
/** what a call needs after its talk to end and submit, seconds (kept off the deadline) */
const END_MARGIN_S = 5;

/**
 * how long a peer gathers stats samples before handing them over, ms: one binding call per
 * peer per 5 s instead of per second, which saves the harness and Chromium much of their CPU
 * (agent/sampleBatch.ts). The soak checks take samples in any interleaving with the relay's
 * counts, so a late batch changes no verdict.
 */
const SAMPLE_BATCH_MS = 5000;

/** how often a held call's relay ground truth is read, ms (well inside the relay's 5-minute window, runner/worker/fixtures.ts) */
const GROUND_TRUTH_READ_MS = 60_000;

/** Hands each second of relay delivery towards a peer to its checks once, in order. */
class DeliveredFeed {
  private readonly fedUpToMs = new Map<Role, number>();

  constructor(private readonly checks: Map<string, PeerSoakChecks>) {}

  /** @param final the call is over: its newest second is complete too (while it runs, that one is still filling) */
  feed(legs: LegGroundTruth[], final = false): void {
    for (const role of ['consumer', 'business'] as const) {
      const peerChecks = this.checks.get(role);
      if (!peerChecks) continue;
      const points = inboundDelivered(legs, role);
      for (const point of final ? points : points.slice(0, -1)) {
        if (point.tMs <= (this.fedUpToMs.get(role) ?? -Infinity)) continue;
        peerChecks.observeDelivered(point);
        this.fedUpToMs.set(role, point.tMs);
      }
    }
  }
}

export interface SoakSlotOptions {
  /** 0-based slot number */
  slot: number;
  plan: SoakPlan;
  runDir: string;
  /** the cycle's scenarios, in order */
  cycle: LoadedScenario[];
  /** the call environment every call of the slot shares */
  env: Omit<CallEnvironment, 'repetition' | 'talkSeconds' | 'stop' | 'onSample' | 'sampleWindow' | 'sampleBatchMs'>;
  /** fires at the deadline or when the soak is asked to stop */
  stop: AbortSignal;
  /** a call started (+1) or finished (-1) */
  onActive?: (delta: number) => void;
}

/** How long the next call of a slot talks, seconds; 0 = none fits before the deadline. */
export function nextTalkSeconds(plan: SoakPlan, slot: number, nth: number, nowMs: number): number {
  const remaining = (plan.startedAtMs + plan.durationS * 1000 - nowMs) / 1000 - END_MARGIN_S;
  if (remaining < MIN_CALL_S) return 0;
  if (plan.churnS === undefined) return remaining;
  // Slots start staggered, so calls end one at a time rather than all at once every interval.
  const first = plan.churnS * ((slot + 1) / plan.calls);
  return Math.min(remaining, Math.max(MIN_CALL_S, nth === 0 ? first : plan.churnS));
}

export async function runSoakSlot(options: SoakSlotOptions): Promise<number> {
  const { plan, slot } = options;
  mkdirSync(join(options.runDir, SOAK_FILES.samplesDir), { recursive: true });
  let nth = 0;
  while (!options.stop.aborted) {
    const talkSeconds = nextTalkSeconds(plan, slot, nth, Date.now());
    if (talkSeconds <= 0) break;
    const scenario = options.cycle[(slot + nth) % options.cycle.length]!;
    const name = soakCallName(slot, nth);
    const spills = new Map<string, SampleSpill<AudioSample>>();
    const checks = new Map<string, PeerSoakChecks>();
    const onSample = (peer: string, sample: AudioSample) => {
      let spill = spills.get(peer);
      if (!spill) spills.set(peer, (spill = new SampleSpill<AudioSample>(soakSamplesPath(options.runDir, name, peer), { windowSize: plan.sampleWindow })));
      void spill.push(sample).catch(() => undefined);
      let peerChecks = checks.get(peer);
      if (!peerChecks) checks.set(peer, (peerChecks = new PeerSoakChecks({ peer })));
      peerChecks.observeSample(sample);
    };
    // The relay keeps a window of per-second ground truth: read it as the call goes, not only at the end.
    const delivered = new DeliveredFeed(checks);
    let callId: string | undefined;
    const relay = options.env.relay;
    let reading: Promise<void> = Promise.resolve();
    const reader = setInterval(() => {
      const id = callId;
      // a read the relay cannot answer (closing at the soak's end) loses nothing: the call's final legs are fed below
      if (id && relay) reading = relay.groundTruth(id).then((legs) => delivered.feed(legs), () => undefined);
    }, GROUND_TRUTH_READ_MS);
    // The call's talk ends at the soak's stop, or as soon as the business ended the call
    // (a dropped connection): the slot then starts its next call instead of idling.
    const callStop = new AbortController();
    const stopCall = () => callStop.abort();
    options.stop.addEventListener('abort', stopCall, { once: true });
    options.onActive?.(1);
    let result: CallResult;
    try {
      result = await runCall(scenario, {
        ...options.env,
        repetition: slot * 100_000 + nth,
        talkSeconds,
        stop: callStop.signal,
        onCallEnded: stopCall,
        onSample,
        sampleWindow: plan.sampleWindow,
        sampleBatchMs: SAMPLE_BATCH_MS,
        onCallStarted: (id) => (callId = id),
      });
    } finally {
      clearInterval(reader);
      await reading;
      options.stop.removeEventListener('abort', stopCall);
      options.onActive?.(-1);
      await Promise.all([...spills.values()].map((spill) => spill.close().catch(() => undefined)));
    }
    delivered.feed((result.legs ?? []) as LegGroundTruth[], true);
    for (const [peer, peerChecks] of checks) result.checks.push(...peerChecks.results().map((c) => ({ ...c, id: `${c.id}.${peer}` })));
    result.status = result.checks.some((c) => !c.ok && c.severity === 'error') ? 'failed' : 'passed';
    writeSoakCall(options.runDir, name, { ...result, soakSlot: slot + 1, soakCall: nth + 1 });
    nth++;
  }
  return nth;
}
