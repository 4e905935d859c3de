/**
 * Decides, for each POST to call_metrics, which fault (if any) the endpoint injects and how
 * long it waits before answering. Pure: no I/O, the clock is injected (it only drives the
 * sliding-window rate limit). See faultPlanSchema.ts for the order of decisions.
 */
import { mulberry32 } from '../random/mulberry32.ts';
import type { ThrottlingCode } from '../contract/businessSubcodes.ts';
import type { FaultKind, FaultPlan } from './faultPlanSchema.ts';

/** What happens to one request. */
export interface FaultDecision {
  /** the injected fault; `rate_limit` = refused by `rateLimit`; null = handle normally */
  kind: Exclude<FaultKind, 'none'> | 'rate_limit' | null;
  /** Graph code when `kind` throttles */
  throttleCode?: ThrottlingCode;
  /** HTTP status when `kind` throttles */
  throttleStatus?: number;
  /** wait before answering, ms (0 for `timeout`, which never answers) */
  latencyMs: number;
  /** the call's attempt number since the plan was set (1-based; 1 when the body names no call) */
  attempt: number;
}

const THROTTLE_KINDS: Partial<Record<FaultKind, ThrottlingCode>> = {
  throttle_4: 4,
  throttle_17: 17,
  throttle_32: 32,
  throttle_613: 613,
};

/** FNV-1a over the text, mixed with the seed: a stable 32-bit seed per (seed, call, attempt). */
function drawSeed(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class FaultInjector {
  private readonly attempts = new Map<string, number>();
  private throttleLeft: number;
  /** admission times inside the rate-limit window, oldest first */
  private admitted: number[] = [];

  constructor(
    private readonly plan: FaultPlan,
    private readonly now: () => number = Date.now,
    /** the run seed, mixed into every call's draws with the plan's seed; undefined = none */
    private readonly runSeed?: number,
  ) {
    this.throttleLeft = plan.throttle?.requests ?? 0;
  }

  /**
   * @param callId call_id from the body, null when the body names none
   * @param seq the endpoint's request sequence number (seeds draws for requests without a call)
   * @param drawKey what the call's draws derive from; default the call id
   */
  decide(callId: string | null, seq: number, drawKey: string | null = callId): FaultDecision {
    const plan = this.plan;
    const attempt = callId === null ? 1 : (this.attempts.get(callId) ?? 0) + 1;
    if (callId !== null) this.attempts.set(callId, attempt);
    const callKey = this.runSeed === undefined ? drawKey : `${this.runSeed}/${drawKey}`;
    const random = mulberry32(drawSeed(plan.seed ?? 1, drawKey === null ? `#${seq}` : `${callKey}\u0000${attempt}`));
    // Three draws, always taken in this order, so adding a field to the plan does not shift the others.
    const rFail = random();
    const rPick = random();
    const rJitter = random();
    const latencyMs = (plan.latencyMs ?? 0) + rJitter * (plan.latencyJitterMs ?? 0);
    const status = plan.throttle?.httpStatus ?? 403;

    if (this.throttleLeft > 0) {
      this.throttleLeft--;
      const code = plan.throttle?.code ?? 4;
      return { kind: `throttle_${code}`, throttleCode: code, throttleStatus: status, latencyMs, attempt };
    }
    let kind: FaultKind = plan.sequence?.[attempt - 1] ?? 'none';
    if (kind === 'none' && attempt > (plan.sequence?.length ?? 0) && rFail < (plan.failRate ?? 0)) {
      const pool = plan.failWith ?? ['5xx'];
      kind = pool[Math.min(pool.length - 1, Math.floor(rPick * pool.length))] ?? '5xx';
    }
    if (kind !== 'none') {
      const code = THROTTLE_KINDS[kind];
      if (code !== undefined) return { kind, throttleCode: code, throttleStatus: status, latencyMs, attempt };
      return { kind, latencyMs: kind === 'timeout' ? 0 : latencyMs, attempt };
    }
    if (plan.rateLimit && !this.admit(plan.rateLimit.maxRequests, plan.rateLimit.windowMs)) {
      return {
        kind: 'rate_limit',
        throttleCode: plan.rateLimit.code ?? 613,
        throttleStatus: plan.rateLimit.httpStatus ?? 403,
        latencyMs,
        attempt,
      };
    }
    return { kind: null, latencyMs, attempt };
  }

  private admit(max: number, windowMs: number): boolean {
    const t = this.now();
    let drop = 0;
    while (drop < this.admitted.length && (this.admitted[drop] as number) <= t - windowMs) drop++;
    if (drop > 0) this.admitted = this.admitted.slice(drop);
    if (this.admitted.length >= max) return false;
    this.admitted.push(t);
    return true;
  }
}
