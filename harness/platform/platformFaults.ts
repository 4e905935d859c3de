/**
 * Which platform fault plan applies to what, and which rule fires: plans per call, one plan for
 * the next call the platform creates, and plans for a consumer's permission replies (they belong
 * to no call). Each plan counts its matches per action and per event, so a rule's `nth` means
 * "the nth accept of this call". Pure: no I/O, no timers.
 */
import { parsePlatformFaultPlan, type PlatformFaultPlan, type RequestFault, type WebhookEvent, type WebhookFault } from './platformFaultPlanSchema.ts';
import type { CallAction } from './platformRequestSchemas.ts';

interface ActivePlan {
  plan: PlatformFaultPlan;
  /** matches so far, by `request:<action>` / `webhook:<event>` */
  counts: Map<string, number>;
}

const active = (plan: PlatformFaultPlan): ActivePlan => ({ plan, counts: new Map() });

/** Counts one more match of `key` and returns the rule for that count (the first listed), if any. */
function fire<R extends { nth?: number }>(at: ActivePlan | undefined | null, key: string, rules: R[] | undefined): R | null {
  if (!at) return null;
  const n = (at.counts.get(key) ?? 0) + 1;
  at.counts.set(key, n);
  return (rules ?? []).find((r) => (r.nth ?? 1) === n) ?? null;
}

function checked(plan: PlatformFaultPlan, prefix: string): PlatformFaultPlan {
  const result = parsePlatformFaultPlan(plan, prefix);
  if (!result.ok) throw new Error(`invalid platform fault plan:\n  ${result.errors.join('\n  ')}`);
  return result.plan;
}

export class PlatformFaults {
  readonly #byCall = new Map<string, ActivePlan>();
  readonly #byPsid = new Map<string, ActivePlan>();
  #next: ActivePlan | null = null;

  /** Replaces the plan of `callId` (a call that exists, or one the harness will place with that id); counts restart. Throws naming every bad field. */
  set(callId: string, plan: PlatformFaultPlan): void {
    this.#byCall.set(callId, active(checked(plan, `faults[${JSON.stringify(callId)}]`)));
  }

  /** The next call the platform creates (consumer or business) takes this plan, unless a plan was set for its id. */
  setNext(plan: PlatformFaultPlan): void {
    this.#next = active(checked(plan, 'faults.next'));
  }

  /** Permission replies of consumer `psid` (only `call_permission_reply` rules apply). */
  setForPsid(psid: string, plan: PlatformFaultPlan): void {
    this.#byPsid.set(psid, active(checked(plan, `faults[psid ${JSON.stringify(psid)}]`)));
  }

  /** A call was created: it keeps a plan set for its id, or takes the next-call plan (with its counts). */
  adopt(callId: string): void {
    if (this.#byCall.has(callId) || !this.#next) return;
    this.#byCall.set(callId, this.#next);
    this.#next = null;
  }

  /** The rule for this `/calls` request, if one fires. `callId` null: a connect, before its call exists (the next-call plan). */
  request(callId: string | null, action: CallAction): RequestFault | null {
    const at = callId === null ? this.#next : this.#byCall.get(callId);
    return fire(at, `request:${action}`, at?.plan.requests?.filter((r) => r.action === action));
  }

  /** The rule for this webhook, if one fires. */
  webhook(callId: string, event: Exclude<WebhookEvent, 'call_permission_reply'>): WebhookFault | null {
    const at = this.#byCall.get(callId);
    return fire(at, `webhook:${event}`, at?.plan.webhooks?.filter((r) => r.event === event));
  }

  /** The rule for a permission reply of `psid`, if one fires. */
  permissionReply(psid: string): WebhookFault | null {
    const at = this.#byPsid.get(psid);
    return fire(at, 'webhook:call_permission_reply', at?.plan.webhooks?.filter((r) => r.event === 'call_permission_reply'));
  }
}
