/**
 * The edge itself, in whatever event loop runs it (the edge's thread, or the caller's with
 * isolation 'in-process'): the calls, their legs, and the liveness sweep.
 */
import type { EdgeAnswer, EdgeCallReport } from '../mediaEdge.ts';
import { EdgeCall } from './edgeCall.ts';
import { META_OPUS_FMTP } from './edgeAnswerSdp.ts';
import { openEdgeLeg, type EdgeLeg, type EdgeLegName } from './edgeLeg.ts';
import { DEFAULT_LIVENESS_MS, type EdgeCoreOptions } from './startMediaEdgeOptions.ts';

/** released calls whose final report is kept (the engine reads it after the platform released the call), the newest */
const KEPT_REPORTS = 1_000;

/** how often legs are checked for liveness, ms, at most; a quarter of livenessMs when shorter */
const SWEEP_MS = 250;

/** MediaEdgeWithMedia's methods, all asynchronous so the same shape serves across the thread boundary */
export interface EdgeCore {
  /** the business leg's answer (and Meta's renegotiation offer); throws if the call already has one */
  answer(offerSdp: string, callId: string, opts?: { renegotiate?: boolean }): Promise<EdgeAnswer>;
  /** Meta's next offer on the business leg; `version` is the media_update's, not the o= version */
  consumerOffer(callId: string, version: number): Promise<string>;
  /** the consumer leg's answer; throws if the call already has one */
  answerConsumer(callId: string, offerSdp: string): Promise<string>;
  report(callId: string): Promise<EdgeCallReport>;
  /** closes the call's legs; an unknown call is no error */
  release(callId: string): Promise<void>;
  close(): Promise<void>;
}

export function createEdgeCore(opts: EdgeCoreOptions, onLegGone: (callId: string, leg: EdgeLegName, detail: string) => void, clock: () => number = Date.now): EdgeCore {
  const livenessMs = opts.livenessMs ?? DEFAULT_LIVENESS_MS;
  const calls = new Map<string, EdgeCall>();
  /** the final reports of released calls, oldest first (bounded: KEPT_REPORTS) */
  const finished = new Map<string, EdgeCallReport>();
  let closed = false;
  const callOf = (callId: string) => {
    if (closed) throw new Error('the media edge is closed');
    let call = calls.get(callId);
    if (!call) calls.set(callId, (call = new EdgeCall(callId)));
    return call;
  };

  const sweep = setInterval(() => {
    const now = clock();
    for (const call of calls.values()) {
      for (const leg of [call.consumer, call.business]) {
        if (!leg || call.gone.has(leg.name)) continue;
        const silentMs = now - leg.lastHeardAtMs;
        if (silentMs < livenessMs) continue;
        call.gone.add(leg.name);
        onLegGone(call.id, leg.name, `no STUN and no RTP from the ${leg.name} for ${silentMs} ms (liveness ${livenessMs} ms)`);
      }
    }
  }, Math.min(SWEEP_MS, Math.max(10, livenessMs / 4)));
  sweep.unref();

  const openLeg = async (call: EdgeCall, name: EdgeLegName, offerSdp: string): Promise<EdgeLeg> => {
    if (call[name]) throw new Error(`call ${call.id} already has a ${name} leg`);
    const leg = await openEdgeLeg({
      name,
      offerSdp,
      opusFmtp: name === 'business' ? META_OPUS_FMTP : undefined,
      clock,
      onRtp: (packet, atMs) => (name === 'consumer' ? call.fromConsumer(packet, atMs) : call.fromBusiness(packet)),
    });
    if (calls.get(call.id) !== call) {
      // released (or closed) while werift was answering
      await leg.close();
      throw new Error(`call ${call.id} was released while its ${name} leg was being answered`);
    }
    return leg;
  };

  return {
    async answer(offerSdp, callId, answerOpts = {}) {
      const call = callOf(callId);
      call.attachBusiness(await openLeg(call, 'business', offerSdp));
      const answer = call.business!.answerSdp;
      return answerOpts.renegotiate ? { answer, renegotiation: call.metaOffer() } : { answer };
    },
    async consumerOffer(callId) {
      const call = calls.get(callId);
      if (!call?.business) throw new Error(`call ${callId} has no business leg: consumerOffer needs the business's answered offer first`);
      return call.metaOffer();
    },
    async answerConsumer(callId, offerSdp) {
      const call = callOf(callId);
      call.attachConsumer(await openLeg(call, 'consumer', offerSdp));
      return call.consumer!.answerSdp;
    },
    async report(callId) {
      const call = calls.get(callId);
      if (call) return call.report();
      const kept = finished.get(callId);
      if (!kept) throw new Error(`the media edge has no call ${callId}`);
      return kept;
    },
    async release(callId) {
      const call = calls.get(callId);
      calls.delete(callId);
      if (!call) return;
      finished.set(callId, call.report());
      if (finished.size > KEPT_REPORTS) finished.delete(finished.keys().next().value!);
      await call.close();
    },
    async close() {
      closed = true;
      clearInterval(sweep);
      const all = [...calls.values()];
      calls.clear();
      await Promise.all(all.map((call) => call.close()));
    },
  };
}
