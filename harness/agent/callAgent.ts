/**
 * The call agent that runs inside each peer — a Chromium page or a Node peer process (the
 * runtime is behind AgentPlatform): one per participant (a soak's shared page hosts several).
 * It does what a real Messenger-calling client does and nothing the scenario could fake: it
 * acts when the harness drives it (`call()`, `answer()` …, in a page through its AgentHost,
 * `window.callsoak`) or when signaling arrives, and the business side decides every end
 * reason itself (endReasonTable.ts).
 *
 * A business agent can see several call ids (a second caller while busy, a third participant
 * trying to join); each gets its own session, so each call is reported on its own.
 */
import type { AgentEvent, AgentInit } from './agentProtocol.ts';
import { loadTransform, type PageTransform } from './buildPayload.ts';
import { loadSubmitter } from './loadSubmitter.ts';
import type { SubmitCallMetrics } from './submitter/submitCallMetrics.ts';
import { BusinessSession } from './businessSession.ts';
import { ConsumerSession } from './consumerSession.ts';
import type { SessionHost } from './sessionBase.ts';
import { signalProblem } from './signalProblem.ts';
import type { BusinessDown, ConsumerDown, HangupCode, SignalEnvelope, SignalMessage } from '../signaling/signalTypes.ts';
import type { AgentPlatform } from './agentPlatform.ts';
import { SampleBatch } from './sampleBatch.ts';
import type { AudioSample } from '../stats/audioSample.ts';

export class CallAgent implements SessionHost {
  config!: AgentInit;
  private transform: PageTransform | { error: string } = { error: 'not loaded' };
  private submitter: SubmitCallMetrics | { error: string } = { error: 'not loaded' };
  private readonly sessions = new Map<string, ConsumerSession | BusinessSession>();
  private readonly seqs = new Map<string, number>();
  private inbox: Promise<void> = Promise.resolve();
  private samples = new SampleBatch(0);

  constructor(readonly platform: AgentPlatform) {
    // The one moment a closing page (or a stopping process) still runs code: report the call it is in.
    platform.onGoingAway(() => {
      for (const session of this.sessions.values()) {
        if (session instanceof BusinessSession) session.endOnPageHide('pagehide');
      }
    });
  }

  async init(config: AgentInit): Promise<void> {
    this.config = config;
    this.samples = new SampleBatch(config.sampleBatchMs);
    if (config.role === 'business') {
      this.transform = await loadTransform(config.transform, this.platform);
      this.submitter = await loadSubmitter(config.submitter, this.platform);
    }
    void this.emit({ type: 'ready', atMs: Date.now() });
  }

  /** Consumer: place the call. */
  call(): Promise<void> {
    return this.consumer('call').place();
  }

  /** Consumer: send DTMF digits in RTP. */
  sendDtmf(digits: string): Promise<void> {
    return this.consumer('sendDtmf').sendDtmf(digits);
  }

  /** Consumer: pick up the business's ringing call. */
  pickUp(): Promise<void> {
    return this.consumer('pickUp').pickUp();
  }

  /** Business: call the consumer `psid` (the call gets this agent's configured call id). */
  placeCall(psid: string): Promise<void> {
    if (this.config.role !== 'business') throw new Error('placeCall: only the business does this');
    const session = new BusinessSession(this, this.config.callId, this.transform, this.submitter);
    this.sessions.set(this.config.callId, session);
    return session.placeCall(psid);
  }

  /** Business: accept the ringing call. */
  answer(): Promise<void> {
    return this.business('answer').accept();
  }

  decline(): Promise<void> {
    if (this.config.role === 'consumer') return this.consumer('decline').declineIncoming();
    return this.business('decline').decline();
  }

  hangUp(code?: HangupCode): Promise<void> {
    const session = this.current('hangUp');
    return session instanceof ConsumerSession ? session.hangUp(code) : session.hangUp();
  }

  mute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    return this.current('mute').mute(method);
  }

  unmute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    return this.current('unmute').unmute(method);
  }

  /**
   * A message from the platform (consumer) or the business's server (console). Returns at once; messages are handled one at a
   * time in arrival order (a candidate must not overtake the description it belongs to).
   */
  onSignal(envelope: SignalEnvelope): void {
    // The server's answer to a request a session is waiting for goes straight to it: the
    // session may be waiting inside the inbox (turning a call down as its connect arrived).
    const type = (envelope?.message as { type?: unknown } | undefined)?.type;
    const session = this.sessions.get(envelope?.callId);
    if ((type === 'request-done' || type === 'request-failed') && session instanceof BusinessSession && signalProblem(envelope) === undefined && session.takeAnswer(envelope.message as BusinessDown)) return;
    this.inbox = this.inbox.then(() => this.route(envelope));
  }

  private async route(envelope: SignalEnvelope): Promise<void> {
    const problem = signalProblem(envelope);
    let session = this.sessions.get(envelope.callId);
    try {
      if (problem) throw new Error(`malformed ${String((envelope?.message as { type?: unknown })?.type ?? 'signaling')} message: ${problem}`);
      const message = envelope.message as SignalMessage;
      if (this.config.role === 'consumer') {
        await (session as ConsumerSession | undefined)?.handle(message as ConsumerDown);
        if (!session && message.type === 'incoming') {
          session = this.consumer('incoming');
          await (session as ConsumerSession).handle(message);
        }
        return;
      }
      if (message.type === 'incoming-call' && !session) {
        const business = new BusinessSession(this, envelope.callId, this.transform, this.submitter);
        this.sessions.set(envelope.callId, business);
        session = business;
        const active = [...this.sessions.values()].find((s) => s !== business && !s.ended && s.state !== 'idle') as BusinessSession | undefined;
        business.from = message.from;
        // A second connect from the consumer already in the call is another of their devices
        // joining: the call is full. From anyone else it is a second call while busy.
        if (active && message.from !== null && message.from === active.from) {
          business.state = 'ringing';
          await business.endWith({ kind: 'room-full', max: this.config.behaviour.maxParticipants }, { action: 'reject' });
        } else if (active) {
          business.state = 'ringing';
          await business.endWith({ kind: 'busy', activeCallId: active.callId }, { action: 'reject' });
        } else {
          business.ring(message);
        }
        return;
      }
      await (session as BusinessSession | undefined)?.handle(message as BusinessDown);
    } catch (error) {
      const text = (error as Error).message;
      void this.emit({ type: 'error', atMs: Date.now(), message: `signal: ${text}` });
      if (session instanceof BusinessSession) await session.endWith({ kind: 'agent-error', error: text }, { action: session.state === 'ringing' ? 'reject' : 'terminate' });
    }
  }

  private consumer(what: string): ConsumerSession {
    if (this.config.role !== 'consumer') throw new Error(`${what}: only the consumer does this`);
    let session = this.sessions.get(this.config.callId);
    if (!session) {
      session = new ConsumerSession(this, this.config.callId);
      this.sessions.set(this.config.callId, session);
    }
    return session as ConsumerSession;
  }

  private business(what: string): BusinessSession {
    if (this.config.role !== 'business') throw new Error(`${what}: only the business does this`);
    const ringing = [...this.sessions.values()].find((s) => s.state === 'ringing');
    if (!ringing) throw new Error(`${what}: no incoming call is ringing`);
    return ringing as BusinessSession;
  }

  /** The session the page is in: the newest one that has not ended, else the newest. */
  private current(what: string): ConsumerSession | BusinessSession {
    const all = [...this.sessions.values()];
    const session = all.filter((s) => !s.ended).at(0) ?? all.at(-1);
    if (!session) throw new Error(`${what}: no call`);
    return session;
  }

  /** Tears every session down without reporting: the peer is stopping. */
  closeAll(): void {
    for (const session of this.sessions.values()) session.dispose();
  }

  async signal(callId: string, message: SignalMessage): Promise<void> {
    const seq = (this.seqs.get(callId) ?? 0) + 1;
    this.seqs.set(callId, seq);
    await this.platform.signal({ callId, from: this.config.role, seq, message });
  }

  emitSample(sample: AudioSample): void {
    const due = this.samples.add(sample, Date.now());
    if (due) void this.send({ type: 'samples', samples: due });
  }

  /** Hands an event to the harness, after the samples still waiting in the batch (order is kept). */
  emit(event: AgentEvent): Promise<void> {
    const pending = this.samples.take();
    if (pending) void this.send({ type: 'samples', samples: pending });
    return this.send(event);
  }

  private send(event: AgentEvent): Promise<void> {
    return this.platform.emit(event).catch(() => undefined);
  }
}
