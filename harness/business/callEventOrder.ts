/**
 * Decides, for each event as it arrives, whether the application should act on it: once per
 * event (duplicates dropped), and never on news older than what it already acted on. Meta does
 * not guarantee order, so the decision uses what each event says, not when it came:
 *  - a call ends once: after a terminate, nothing of that call applies (a connect that arrives
 *    after its own terminate is stale; the terminate was handed over, so the application knows
 *    the call ended and never starts it);
 *  - a call connects once, a second connect with another timestamp is stale;
 *  - media_update: the highest version wins; one at or below the highest applied is ignored;
 *  - call_status moves forward only (ringing → accepted); a ringing after accepted is stale.
 * Memory is bounded: the state of the oldest calls is forgotten past `maxCalls` (a duplicate
 * of a forgotten call's event would apply again, hours after the fact).
 */
import type { BusinessEvent } from './businessEvent.ts';
import { eventIdentity } from './eventIdentity.ts';

export type OrderOutcome =
  /** new and current: hand it to the application */
  | 'apply'
  /** the same event was seen before */
  | 'duplicate'
  /** the call already ended */
  | 'after_terminate'
  /** a media_update at or below the highest version applied */
  | 'older_version'
  /** superseded otherwise: a second connect or terminate, a call_status going backwards */
  | 'stale';

interface CallState {
  seen: Set<string>;
  connected: boolean;
  terminated: boolean;
  /** highest media version applied; -1 = none */
  mediaVersion: number;
  /** 0 none, 1 ringing, 2 accepted */
  statusRank: number;
}

const STATUS_RANK = { ringing: 1, accepted: 2 } as const;

/** Default number of calls whose state is kept. */
export const DEFAULT_MAX_TRACKED_CALLS = 10_000;

export class CallEventOrder {
  private readonly calls = new Map<string, CallState>();
  private readonly permissionReplies = new Set<string>();

  /** @param maxCalls calls (and permission replies) remembered; the oldest go first */
  constructor(private readonly maxCalls = DEFAULT_MAX_TRACKED_CALLS) {}

  /** Decides and remembers: call once per arrival. */
  decide(event: BusinessEvent): OrderOutcome {
    const key = eventIdentity(event);
    if (event.kind === 'call_permission_reply') {
      if (this.permissionReplies.has(key)) return 'duplicate';
      this.permissionReplies.add(key);
      if (this.permissionReplies.size > this.maxCalls) this.permissionReplies.delete(this.permissionReplies.values().next().value!);
      return 'apply';
    }
    const call = this.stateOf(event.callId);
    if (call.seen.has(key)) return 'duplicate';
    call.seen.add(key);
    if (call.terminated) return 'after_terminate';
    switch (event.kind) {
      case 'terminate':
        call.terminated = true;
        return 'apply';
      case 'connect':
        if (call.connected) return 'stale';
        call.connected = true;
        return 'apply';
      case 'media_update':
        if (event.version <= call.mediaVersion) return 'older_version';
        call.mediaVersion = event.version;
        return 'apply';
      case 'call_status': {
        const rank = STATUS_RANK[event.status];
        if (rank <= call.statusRank) return 'stale';
        call.statusRank = rank;
        return 'apply';
      }
    }
  }

  private stateOf(callId: string): CallState {
    let state = this.calls.get(callId);
    if (!state) {
      state = { seen: new Set(), connected: false, terminated: false, mediaVersion: -1, statusRank: 0 };
      this.calls.set(callId, state);
      if (this.calls.size > this.maxCalls) this.calls.delete(this.calls.keys().next().value!);
    }
    return state;
  }
}
