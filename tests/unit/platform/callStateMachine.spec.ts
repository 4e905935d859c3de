/**
 * The per-call state machine, pure: every transition of both directions, every documented error,
 * exactly one terminate per ending, and the three readings of an empty duration.
 */
import { test, expect } from '@playwright/test';
import { CallStateMachine, type CallEvent, type Step } from '../../../harness/platform/callStateMachine.ts';

const PAGE = 'page1';
const APP = 'app1';
const T0 = 1_700_000_000_000;

const ok = (step: Step) => {
  if (!step.ok) throw new Error(`expected ok, got ${step.error}`);
  return step;
};
const err = (step: Step) => (step.ok ? 'ok' : step.error);
const terminates = (events: CallEvent[]) => events.filter((e) => e.event === 'terminate');

test.describe('consumer-initiated', () => {
  test('connect → accept → terminate: one terminate, duration from accept', () => {
    const m = new CallStateMachine({ pageId: PAGE });
    const c = ok(m.consumerCalls('psid1', APP, T0));
    expect(c.events).toEqual([{ id: c.call.id, to: PAGE, from: 'psid1', event: 'connect', timestamp: T0 / 1000, call_direction: 'user_initiated' }]);
    expect(ok(m.accept(c.call.id, APP, T0 + 5_000)).events).toEqual([]);
    const end = ok(m.terminate(c.call.id, APP, T0 + 125_000));
    expect(end.events).toEqual([{ id: c.call.id, event: 'terminate', timestamp: T0 / 1000 + 125, status: 'Completed', start_time: T0 / 1000, end_time: T0 / 1000 + 125, duration: 120 }]);
    expect(m.get(c.call.id)?.endedBy).toBe('business_terminate');
  });

  test('accept errors: unknown id, not owner, already accepted, after an ending', () => {
    const m = new CallStateMachine({ pageId: PAGE });
    const id = ok(m.consumerCalls('p', APP, T0)).call.id;
    expect(err(m.accept('c_nope', APP, T0))).toBe('invalidCallId');
    expect(err(m.accept(id, 'other-app', T0))).toBe('notCallOwner');
    ok(m.accept(id, APP, T0));
    expect(err(m.accept(id, APP, T0))).toBe('callAlreadyAccepted');
    expect(err(m.reject(id, APP, T0))).toBe('callAlreadyAccepted');
    ok(m.terminate(id, APP, T0));
    expect(err(m.accept(id, APP, T0))).toBe('cannotAcceptEnded');
    expect(err(m.terminate(id, APP, T0))).toBe('callAlreadyTerminated');
    expect(err(m.reject(id, APP, T0))).toBe('cannotRejectEnded');
  });

  test('reject: terminate Completed without duration; then the reject/terminate/accept errors', () => {
    const m = new CallStateMachine({ pageId: PAGE });
    const id = ok(m.consumerCalls('p', APP, T0)).call.id;
    const r = ok(m.reject(id, APP, T0 + 2_000));
    expect(terminates(r.events)).toHaveLength(1);
    expect(r.events[0]).not.toHaveProperty('duration');
    expect(r.events[0]).toMatchObject({ status: 'Completed' });
    expect(err(m.reject(id, APP, T0))).toBe('callAlreadyRejected');
    expect(err(m.terminate(id, APP, T0))).toBe('cannotTerminateEnded');
    expect(err(m.accept(id, APP, T0))).toBe('cannotAcceptEnded');
  });

  test('the accept timeout ends the call once, at its deadline', () => {
    const m = new CallStateMachine({ pageId: PAGE, acceptTimeoutMs: 60_000 });
    const id = ok(m.consumerCalls('p', APP, T0)).call.id;
    expect(m.nextDeadline()).toBe(T0 + 60_000);
    expect(m.expire(T0 + 59_999)).toEqual([]);
    const ended = m.expire(T0 + 70_000);
    expect(ended).toHaveLength(1);
    expect(ended[0]!.events).toEqual([{ id, event: 'terminate', timestamp: T0 / 1000 + 60, status: 'Completed', start_time: T0 / 1000, end_time: T0 / 1000 + 60 }]);
    expect(m.expire(T0 + 80_000)).toEqual([]);
    expect(m.nextDeadline()).toBeNull();
    expect(err(m.accept(id, APP, T0 + 80_000))).toBe('cannotAcceptEnded');
  });

  test('an accepted call does not time out; consumer hang-up and failure end it once', () => {
    const m = new CallStateMachine({ pageId: PAGE, acceptTimeoutMs: 1_000 });
    const a = ok(m.consumerCalls('p', APP, T0)).call.id;
    ok(m.accept(a, APP, T0 + 500));
    expect(m.expire(T0 + 10_000)).toEqual([]);
    const h = ok(m.consumerHangsUp(a, T0 + 10_500));
    expect(h.events[0]).toMatchObject({ status: 'Completed', duration: 10 });
    expect(err(m.consumerHangsUp(a, T0))).toBe('cannotTerminateEnded');
    expect(err(m.terminate(a, APP, T0))).toBe('cannotTerminateEnded');
    const b = ok(m.consumerCalls('p', APP, T0)).call.id;
    ok(m.accept(b, APP, T0));
    expect(ok(m.fail(b, T0 + 3_000)).events[0]).toMatchObject({ status: 'Failed', duration: 3 });
    expect(err(m.fail(b, T0))).toBe('cannotTerminateEnded');
  });

  test('empty duration: omitted, null or 0 as chosen', () => {
    for (const [mode, want] of [['null', null], ['zero', 0]] as const) {
      const m = new CallStateMachine({ pageId: PAGE, emptyDuration: mode });
      const id = ok(m.consumerCalls('p', APP, T0)).call.id;
      expect(ok(m.reject(id, APP, T0)).events[0]).toHaveProperty('duration', want);
    }
  });
});

test.describe('business-initiated', () => {
  test('connect → ringing → pick-up (accepted, media_update v1) → hang-up', () => {
    const m = new CallStateMachine({ pageId: PAGE });
    const c = ok(m.businessCalls('psid9', APP, T0));
    expect(c.events.map((e) => e.event)).toEqual(['connect', 'call_status']);
    expect(c.events[0]).toMatchObject({ call_direction: 'business_initiated', to: 'psid9', from: PAGE });
    expect(c.events[1]).toMatchObject({ call_status: 'ringing', recipient_id: 'psid9' });
    const p = ok(m.consumerPicksUp(c.call.id, 'v=0 offer', T0 + 3_000));
    expect(p.events).toEqual([
      { id: c.call.id, event: 'call_status', timestamp: T0 / 1000 + 3, recipient_id: 'psid9', call_status: 'accepted' },
      { id: c.call.id, event: 'media_update', timestamp: T0 / 1000 + 3, session: { version: 1, sdp_renegotiation: { sdp_type: 'offer', sdp: 'v=0 offer' } } },
    ]);
    expect(err(m.consumerPicksUp(c.call.id, 'x', T0))).toBe('callAlreadyAccepted');
    expect(err(m.accept(c.call.id, APP, T0))).toBe('wrongDirection');
    expect(ok(m.consumerMediaUpdate(c.call.id, 'v=0 mute', T0 + 4_000)).events[0]).toMatchObject({ session: { version: 2 } });
    expect(ok(m.consumerHangsUp(c.call.id, T0 + 13_000)).events[0]).toMatchObject({ status: 'Completed', duration: 10 });
  });

  test('decline and ring timeout: Completed without duration', () => {
    const m = new CallStateMachine({ pageId: PAGE, acceptTimeoutMs: 30_000 });
    const a = ok(m.businessCalls('p', APP, T0)).call.id;
    const d = ok(m.consumerDeclines(a, T0 + 1_000));
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).not.toHaveProperty('duration');
    expect(err(m.consumerDeclines(a, T0))).toBe('cannotAcceptEnded');
    const b = ok(m.businessCalls('p', APP, T0)).call.id;
    expect(m.expire(T0 + 30_000).map((x) => x.call.id)).toEqual([b]);
  });

  test('business media_update: versions must follow, a clash is reported, a terminated call refuses', () => {
    const m = new CallStateMachine({ pageId: PAGE });
    const id = ok(m.businessCalls('p', APP, T0)).call.id;
    expect(err(m.businessMediaUpdate(id, APP, 0, 1))).toBe('mediaNotConnected');
    ok(m.consumerPicksUp(id, 'o', T0));
    expect(err(m.businessMediaUpdate(id, APP, 0, 1))).toBe('mediaVersionConflict');
    expect(err(m.businessMediaUpdate(id, APP, 1, 3))).toBe('mediaVersionConflict');
    expect(err(m.businessMediaUpdate(id, 'x', 1, 2))).toBe('notCallOwner');
    ok(m.businessMediaUpdate(id, APP, 1, 2));
    expect(m.get(id)?.mediaVersion).toBe(2);
    ok(m.terminate(id, APP, T0));
    expect(err(m.businessMediaUpdate(id, APP, 2, 3))).toBe('cannotUpdateTerminated');
    expect(err(m.consumerMediaUpdate(id, 'o', T0))).toBe('cannotUpdateTerminated');
    expect(err(m.businessMediaUpdate('nope', APP, 0, 1))).toBe('invalidCallId');
  });

  test('reject applies to consumer calls only; terminate ends a ringing call', () => {
    const m = new CallStateMachine({ pageId: PAGE });
    const id = ok(m.businessCalls('p', APP, T0)).call.id;
    expect(err(m.reject(id, APP, T0))).toBe('wrongDirection');
    expect(terminates(ok(m.terminate(id, APP, T0 + 1_000)).events)).toHaveLength(1);
  });
});
