/**
 * Connects a call's peers to the emulated platform (node side). A consumer peer is the
 * Messenger app: what it says goes to the platform (place, pick up, decline, hang up) and its
 * media leg to the platform's edge; what the platform does to its call comes back to it. A
 * business peer is the agent console: what it says goes to the business's own server
 * (harness/business/businessBackend.ts), which speaks only the documented API. Nothing here
 * carries a message from one side to the other: the platform and the webhooks do.
 */
import type { BusinessBackend } from '../business/businessBackend.ts';
import type { MediaEdgeWithMedia } from '../platform/mediaEdge.ts';
import type { Platform } from '../platform/startPlatform.ts';
import type { ConsumerDown, ConsumerUp, SignalEnvelope } from '../signaling/signalTypes.ts';
import type { CallPeer } from './callPeer.ts';
import { ExternalBusinessPeer } from './externalBusinessPeer.ts';

/** The platform, its edge and the business's server of one worker: every call of the worker goes through them. */
export interface CallPlatform {
  platform: Platform;
  edge: MediaEdgeWithMedia;
  /** the reference business's own server; absent with an external business (the team's integration takes the webhooks) */
  backend?: BusinessBackend;
  /** the Page the calls are to */
  pageId: string;
}

/** How the platform treats a consumer's call. */
export interface ConsumerCallOptions {
  /** the consumer's PSID */
  psid: string;
  /** the connect webhook names no caller */
  callerHidden?: boolean;
  /** the session version the connect webhook names; default none */
  sessionVersion?: number;
  /** the platform's accept window for this call, ms; default the platform's (60 000) */
  acceptTimeoutMs?: number;
  /** the edge's accept answer comes with Meta's renegotiation offer */
  renegotiate?: boolean;
}

interface ConsumerEntry {
  peer: CallPeer;
  options: ConsumerCallOptions;
  ended: boolean;
}

/** The platform notices a participant vanish (the consumer's app, a quiet media leg) and fails its call, if it still runs. */
export function failLiveCall(platform: Platform, callId: string): void {
  const call = platform.call(callId);
  if (call && call.phase !== 'ended') platform.consumer.fail(callId);
}

export class PlatformLink {
  private readonly consumers = new Map<string, ConsumerEntry>();
  private readonly unsubscribe: () => void;
  private seq = 0;
  /** what went wrong on the consumer's way to the platform (the call's failure names it) */
  readonly problems: string[] = [];

  constructor(private readonly world: CallPlatform) {
    this.unsubscribe = world.platform.onCallEvent((callId, event) => this.onPlatformEvent(callId, event));
  }

  /** A consumer peer whose call is `callId`. */
  joinConsumer(callId: string, peer: CallPeer, options: ConsumerCallOptions): void {
    this.consumers.set(callId, { peer, options, ended: false });
  }

  /** The business console that takes `callId`: its server routes the call's webhooks there. */
  joinBusiness(callId: string, peer: CallPeer): void {
    if (peer instanceof ExternalBusinessPeer) peer.watch(callId);
    else this.world.backend?.route(callId, peer);
  }

  /** Everything a peer says to its node side. */
  async onSignal(peer: CallPeer, envelope: SignalEnvelope): Promise<void> {
    if (peer.role === 'business') {
      // The console's message is handed over; the server's answer comes back as a message of
      // its own (a Graph request may take seconds, and the console must not block on it).
      void this.world.backend?.fromConsole(envelope, peer);
      return;
    }
    const entry = this.consumers.get(envelope.callId);
    if (!entry) return;
    try {
      await this.fromConsumer(envelope.callId, entry, envelope.message as ConsumerUp);
    } catch (error) {
      // a call that ended meanwhile (the business turned it down as it rang) takes its media leg with it
      if (entry.ended || this.world.platform.call(envelope.callId)?.phase === 'ended') return;
      this.problems.push(`consumer ${(envelope.message as ConsumerUp).type}: ${(error as Error).message}`);
    }
  }

  /** The consumer's app vanished (its page crashed, its process died): the platform notices and fails the call. */
  consumerGone(peer: CallPeer): void {
    for (const [callId, entry] of this.consumers) {
      if (entry.peer !== peer || entry.ended) continue;
      entry.ended = true;
      failLiveCall(this.world.platform, callId);
    }
  }

  close(): void {
    this.unsubscribe();
    for (const callId of this.consumers.keys()) this.world.edge.release?.(callId);
  }

  private async fromConsumer(callId: string, entry: ConsumerEntry, message: ConsumerUp): Promise<void> {
    const { platform, edge } = this.world;
    switch (message.type) {
      case 'edge-offer': {
        if (entry.ended) return;
        const answer = await edge.answerConsumer(callId, message.sdp);
        this.tell(entry, callId, { type: 'edge-answer', sdp: answer });
        return;
      }
      case 'place': {
        const { psid, callerHidden, sessionVersion, acceptTimeoutMs, renegotiate } = entry.options;
        platform.consumer.call(psid, {
          callId,
          ...(callerHidden ? { callerHidden } : {}),
          ...(sessionVersion !== undefined ? { sessionVersion } : {}),
          ...(acceptTimeoutMs !== undefined ? { acceptTimeoutMs } : {}),
          ...(renegotiate ? { renegotiate } : {}),
        });
        return;
      }
      case 'pick-up': {
        const answer = await edge.answerConsumer(callId, message.sdp);
        this.tell(entry, callId, { type: 'edge-answer', sdp: answer });
        await platform.consumer.pickUp(callId);
        return;
      }
      case 'decline':
        entry.ended = true;
        platform.consumer.decline(callId);
        return;
      case 'hangup':
        entry.ended = true;
        platform.consumer.hangUp(callId, message.code ? { status: message.code } : {});
        return;
    }
  }

  private onPlatformEvent(callId: string, event: { event: string; status?: string; call_direction?: string; to?: string }): void {
    if (event.event === 'connect' && event.call_direction === 'business_initiated') {
      // The business called this consumer (the engine gave the call its id beforehand): ring.
      const entry = this.consumers.get(callId);
      if (entry && !entry.ended) this.tell(entry, callId, { type: 'incoming', from: this.world.pageId });
      return;
    }
    if (event.event !== 'terminate') return;
    const entry = this.consumers.get(callId);
    if (!entry || entry.ended) return;
    entry.ended = true;
    this.tell(entry, callId, { type: 'call-ended', status: event.status ?? 'Completed' });
  }

  private tell(entry: ConsumerEntry, callId: string, message: ConsumerDown): void {
    void entry.peer.deliver({ callId, from: 'platform', seq: ++this.seq, message }).catch(() => undefined);
  }
}
