/**
 * The business side of a call when it is a team's own integration (node side): a black box
 * callsoak sees only through the platform. Its events are read from the platform's log of the
 * call — it rings when the connect webhook was answered 2xx, is connected when its accept
 * succeeded, hears audio when the edge first forwarded the consumer's audio to it, has ended
 * when the platform ended the call and its `/call_metrics` submission settled. What only the
 * business can do (answer, decline, hang up, mute, call a consumer) goes to the team's driver;
 * scenarios needing a function the driver lacks were skipped before the call (scenario/
 * externalBusinessRules.ts). A call the integration places (placeCall) is watched from the start
 * too: the platform gives the connect from that consumer the id the engine chose beforehand
 * (ConsumerSide.expectConnect), so the log is the call's before the integration's connect returns. With an agent console page, its observed RTCPeerConnection gives
 * the raw stats the payload came from.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { AgentEvent, EndInfo } from '../agent/agentProtocol.ts';
import type { BusinessDriver, DriverCall } from '../external/businessDriver.ts';
import type { PeerConnectionObserver } from '../external/observePeerConnections.ts';
import { ufragOf } from '../external/ufragOf.ts';
import type { PlatformLog } from '../results/platformLog.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import type { HangupCode, Role, SignalEnvelope } from '../signaling/signalTypes.ts';
import type { Page } from 'playwright';
import { recordEvent, type CallPeer, type CallPeerOptions, type Device } from './callPeer.ts';
import { EventLog } from './eventLog.ts';
import type { CallPlatform } from './platformLink.ts';
import { answeredOk, callsRequestsOf, metricsRequestsOf } from './checks/platformLogRequests.ts';
import { businessLearnedOfEnd } from './checks/callEndedTimeCheck.ts';
import { judgedMetricsPayloads } from './checks/judgedMetricsPayloads.ts';
import { isForgedWebhook } from './checks/isForgedWebhook.ts';
import { offerInRequestBody } from './checks/offerInRequestBody.ts';

/** How often the platform's log is read while a call runs, ms. */
const POLL_MS = 100;
/** After the first accepted submission, how long a second one (a duplicate) may still come, ms. */
const AFTER_ACCEPTED_MS = 2_500;
/** How long after the end a submission may take to be accepted (the integration's retries included), ms. */
const SUBMIT_WINDOW_MS = 30_000;
/** How long an integration that answers by itself may take to accept a ringing call, ms. */
const SELF_ANSWER_MS = 15_000;
/** How long a driver function may take, ms: a click or a test hook, not a conversation. */
const DRIVER_CALL_MS = 30_000;
/** How long the agent page's final snapshot may take after the call ended, ms. */
const FINAL_STATS_WAIT_MS = 3_000;
/** Of the integration's output, at most this much per call goes into the call's result, bytes. */
const OUTPUT_BYTES_PER_CALL = 64 * 1024;

/** What a worker knows of the external business (runner/worker fixtures build it). */
export interface ExternalBusinessContext {
  driver?: BusinessDriver;
  /** the agent console callsoak opened, and the observer of its peer connections */
  page?: Page;
  observer?: PeerConnectionObserver;
  /** the observer's time origin, ms since the Unix epoch (its samples count from there) */
  observerOriginMs?: number;
  webhookUrl: string;
  /** the integration's output file, when callsoak started it */
  outputPath?: string;
}

interface WatchedCall {
  rang: boolean;
  connected: boolean;
  heard: boolean;
  ended: boolean;
}

export class ExternalBusinessPeer implements CallPeer {
  readonly role: Role = 'business';
  readonly runtime = 'external' as const;
  readonly version = 'external (your integration)';
  readonly events = new EventLog<AgentEvent>();
  readonly samples: AudioSample[] = [];
  readonly console: string[] = [];
  private readonly calls = new Map<string, WatchedCall>();
  private readonly timer: NodeJS.Timeout;
  private readonly outputFrom: number;
  private polling = false;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly world: CallPlatform,
    private readonly context: ExternalBusinessContext,
    private readonly options: Pick<CallPeerOptions, 'onEvent' | 'onSample' | 'sampleWindow'>,
    /** the call's start, ms since the Unix epoch: samples count from here */
    private readonly timeOriginMs: number,
  ) {
    this.outputFrom = context.outputPath ? sizeOf(context.outputPath) : 0;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  /** The business takes `callId`. */
  watch(callId: string): void {
    if (!this.calls.has(callId)) this.calls.set(callId, { rang: false, connected: false, heard: false, ended: false });
  }

  isGone(): boolean {
    return false;
  }

  async answer(): Promise<void> {
    if (this.context.driver?.answer) return this.drive('answer', (d, call) => d.answer!(call));
    // An integration that answers by itself needs no driver: its accept must come on its own.
    const { id } = this.current();
    await this.events.waitFor('connected', SELF_ANSWER_MS, 'business', (e) => e.callId === id).catch(() => {
      throw new Error(`the integration did not accept the ringing call within ${SELF_ANSWER_MS / 1000} s, and there is no business driver with answer(call) (one that does not answer by itself needs it)`);
    });
  }

  decline(): Promise<void> {
    return this.drive('decline', (d, call) => d.decline!(call));
  }

  hangUp(_code?: HangupCode): Promise<void> {
    return this.drive('hangUp', (d, call) => d.hangUp!(call));
  }

  mute(): Promise<void> {
    return this.drive('mute', (d, call) => d.mute!(call));
  }

  unmute(): Promise<void> {
    return this.drive('unmute', (d, call) => d.unmute!(call));
  }

  async placeCall(psid: string): Promise<void> {
    const driver = this.context.driver;
    if (!driver?.placeCall) throw new Error('the business driver has no placeCall(consumer)');
    const consumer = { psid, pageId: this.world.pageId, webhookUrl: this.context.webhookUrl, ...(this.context.page ? { page: this.context.page } : {}) };
    await withinDriverTime('placeCall(consumer)', Promise.resolve(driver.placeCall(consumer)));
  }

  call(): Promise<void> {
    return refuse('place a call');
  }
  pickUp(): Promise<void> {
    return refuse('pick up');
  }
  sendDtmf(): Promise<void> {
    return refuse('send DTMF');
  }
  deny(_device: Device): Promise<void> {
    return refuse('lose a device permission');
  }
  crash(): Promise<void> {
    return refuse('crash');
  }
  closePage(): Promise<void> {
    return refuse('close its page');
  }
  navigateAway(): Promise<void> {
    return refuse('navigate away');
  }
  async deliver(_envelope: SignalEnvelope): Promise<void> {
    // nothing reaches an external business but the platform's webhooks
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (this.context.outputPath) this.console.push(...outputSince(this.context.outputPath, this.outputFrom));
  }

  /** The call the driver acts on: the newest one the business was given. */
  private current(): DriverCall {
    const entries = [...this.calls.entries()];
    const [id] = entries.find(([, c]) => !c.ended) ?? entries.at(-1) ?? [];
    if (!id) throw new Error('the external business has no call to act on');
    const psid = this.world.platform.call(id)?.psid ?? '';
    return { id, psid, pageId: this.world.pageId, webhookUrl: this.context.webhookUrl, ...(this.context.page ? { page: this.context.page } : {}) };
  }

  private async drive(name: 'answer' | 'decline' | 'hangUp' | 'mute' | 'unmute', act: (driver: BusinessDriver, call: DriverCall) => Promise<void> | void): Promise<void> {
    const driver = this.context.driver;
    if (!driver?.[name]) throw new Error(`the business driver has no ${name}(call)`);
    await withinDriverTime(`${name}(call)`, Promise.resolve().then(() => act(driver, this.current())));
  }

  private emit(event: AgentEvent): void {
    recordEvent(this, event, this.options);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      for (const [callId, call] of this.calls) {
        if (!call.ended && this.world.platform.call(callId)) await this.follow(callId, call, this.world.platform.logOf(callId));
      }
    } finally {
      this.polling = false;
    }
  }

  private async follow(callId: string, call: WatchedCall, log: PlatformLog): Promise<void> {
    if (!call.rang) {
      const connect = log.webhooks.find((w) => w.event === 'connect' && !isForgedWebhook(w) && w.attempts.some(answeredOk));
      const delivered = connect?.attempts.find(answeredOk);
      if (delivered) {
        call.rang = true;
        this.emit({ type: 'ringing', callId, atMs: delivered.startedAtMs });
      }
    }
    if (!call.connected && log.state.connectedAtMs !== null) {
      call.connected = true;
      this.emit({ type: 'connected', callId, atMs: log.state.connectedAtMs });
    }
    if (call.connected && !call.heard) {
      const report = await this.world.edge.report(callId).catch(() => undefined);
      if (report?.firstAudioToBusinessAtMs) {
        call.heard = true;
        this.emit({ type: 'first-audio', atMs: report.firstAudioToBusinessAtMs });
      }
    }
    if (log.state.endedAtMs !== null && submissionSettled(log, Date.now())) {
      call.ended = true;
      await this.end(callId, log);
    }
  }

  private async end(callId: string, log: PlatformLog): Promise<void> {
    const payloads = judgedMetricsPayloads(log);
    const payload = payloads.at(0)?.payload ?? null;
    const learned = businessLearnedOfEnd(log);
    const observed = await this.observedConnection(log);
    if (observed) {
      const shiftS = ((this.context.observerOriginMs ?? this.timeOriginMs) - this.timeOriginMs) / 1000;
      for (const sample of observed.samples) this.emit({ type: 'samples', samples: [{ ...sample, t: Math.round((sample.t + shiftS) * 1000) / 1000 }] });
    }
    const text = (key: string) => (typeof payload?.[key] === 'string' ? (payload[key] as string) : '');
    const info: EndInfo = {
      reason: text('end_call_reason'),
      subreason: text('end_call_subreason'),
      endedAtMs: learned?.atMs ?? log.state.endedAtMs!,
      firstAudioAtMs: log.edge.firstAudioToBusinessAtMs ?? (await this.world.edge.report(callId).catch(() => undefined))?.firstAudioToBusinessAtMs ?? null,
      playoutStartAtMs: null,
    };
    const requests = metricsRequestsOf(log);
    this.emit({ type: 'ended', callId, atMs: Date.now(), info, finalStats: observed?.finalStats ?? [], payload });
    this.emit({
      type: 'submitted',
      callId,
      atMs: Date.now(),
      accepted: requests.some(answeredOk),
      attempts: requests.map((r) => ({ outcome: answeredOk(r) ? 'accepted' : r.status === 0 ? 'network' : 'rejected', status: r.status })),
      ...(requests.some(answeredOk) ? {} : { error: requests.length === 0 ? 'no /call_metrics request' : `no request accepted (${requests.map((r) => `HTTP ${r.status}`).join(', ')})` }),
    });
  }

  /** The page's connection that carried the call: the one whose offer the business sent with its accept. */
  private async observedConnection(log: PlatformLog) {
    const observer = this.context.observer;
    if (!observer) return undefined;
    const accept = callsRequestsOf(log, ['accept', 'connect']).find(answeredOk);
    const ufrag = accept ? ufragOf(offerInRequestBody(accept.body) ?? '') : undefined;
    const connection = ufrag ? observer.byUfrag(ufrag) : undefined;
    if (!connection) return undefined;
    await observer.waitForFinal(connection, FINAL_STATS_WAIT_MS).catch(() => undefined);
    return connection;
  }
}

/**
 * Whether the business is done reporting the ended call: a while after its first accepted
 * `/call_metrics` (a second one would show by then), or once the submission window passed.
 */
function submissionSettled(log: PlatformLog, nowMs: number): boolean {
  const accepted = metricsRequestsOf(log).find(answeredOk);
  if (accepted) return nowMs - (accepted.answeredAtMs ?? accepted.receivedAtMs) >= AFTER_ACCEPTED_MS;
  return nowMs - log.state.endedAtMs! >= SUBMIT_WINDOW_MS;
}

async function withinDriverTime(what: string, work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`business driver ${what} did not settle within ${DRIVER_CALL_MS / 1000} s`)), DRIVER_CALL_MS);
  });
  try {
    await Promise.race([work.catch((error: unknown) => Promise.reject(new Error(`business driver ${what} threw: ${error instanceof Error ? error.message : String(error)}`))), late]);
  } finally {
    clearTimeout(timer);
  }
}

function refuse(what: string): Promise<void> {
  return Promise.reject(new Error(`callsoak cannot make an external business ${what}`));
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The integration's output lines written since `from` (bytes), at most OUTPUT_BYTES_PER_CALL of the newest. */
function outputSince(path: string, from: number): string[] {
  const size = sizeOf(path);
  if (size <= from) return [];
  const start = Math.max(from, size - OUTPUT_BYTES_PER_CALL);
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString('utf8').split('\n').filter((l) => l !== '');
  return start > from ? [`… (${start - from} earlier bytes in the output file)`, ...lines] : lines;
}
