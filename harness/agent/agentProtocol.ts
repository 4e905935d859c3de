/**
 * The contract between the node-side harness and the in-page call agent.
 * Pure types shared by both sides. A page hosts one or more agents (`window.callsoak`, an
 * AgentHost: one per participant when each has its own page, several when a soak shares
 * pages); they talk back through two bindings the harness exposes, `callsoakSignal` and
 * `callsoakEmit`, each carrying the id of the agent that speaks.
 */
import type { AudioSample } from '../stats/audioSample.ts';
import type { Role, SignalEnvelope } from '../signaling/signalTypes.ts';

/** How an agent behaves, beyond what the timeline tells it to do. Defaults in DEFAULT_BEHAVIOUR. */
export interface PeerBehaviour {
  /** also ask for a camera (a video call); default false */
  video: boolean;
  /** business: ringing is muted, incoming calls are not presented; default false */
  ringMuted: boolean;
  /** business: connect-webhook session versions it accepts; default [1] */
  supportedVersions: number[];
  /** consumer: offer only these audio codecs (by name, e.g. ['FOO']); default [] = as Chromium offers */
  offerCodecs: string[];
  /** business: before calling a consumer, check their call permission and ask for it when missing; default true */
  askPermission: boolean;
  /** business: participants a call may have; default 2 */
  maxParticipants: number;
  /** business: ring time before Incoming_Timeout, ms; default 30000 */
  incomingTimeoutMs: number;
  /** business: the platform's accept window (a call not accepted by then is ended by the platform: No_Answer_Timeout), ms; default 60000 as documented; the engine sets a scenario's shorter one */
  acceptWindowMs: number;
  /** business: no inbound audio for this long while connected ends the call (Inactive_Timeout), ms; 0 = never; default 0 */
  inactiveTimeoutMs: number;
  /** business: wait for its server's answer to a request (accept, connect, reject, terminate), ms; default 10000 */
  signalingTimeoutMs: number;
  /** business: ICE disconnected or failed for this long ends the call (Connection_Dropped), ms; default 10000 */
  connectionLossMs: number;
}

export const DEFAULT_BEHAVIOUR: PeerBehaviour = {
  video: false,
  ringMuted: false,
  supportedVersions: [1],
  offerCodecs: [],
  askPermission: true,
  maxParticipants: 2,
  incomingTimeoutMs: 30_000,
  acceptWindowMs: 60_000,
  inactiveTimeoutMs: 0,
  signalingTimeoutMs: 10_000,
  connectionLossMs: 10_000,
};

export interface AgentInit {
  role: Role;
  /** the call this side places (consumer) or the call id a business-initiated call gets; the business learns others from connect webhooks */
  callId: string;
  iceServers: RTCIceServer[];
  /** 'relay' forces all media through the harness's TURN relay; 'all' allows host candidates */
  iceTransportPolicy: RTCIceTransportPolicy;
  /** the call's start as the harness counts it, ms since the Unix epoch: samples' `t` counts from here */
  timeOriginMs: number;
  /** getStats sampling period, ms; default 1000 */
  sampleIntervalMs: number;
  /**
   * samples reach the harness in batches spanning at most this long, ms; 0 = each at once.
   * Any other event hands the pending batch over first, so the harness sees samples in order
   * and all of a call's samples before its `ended`. A soak uses 5000 (see sampleBatch.ts).
   */
  sampleBatchMs: number;
  /** business only: which transform builds the payload it submits */
  transform: 'spec' | 'documented' | 'custom';
  /** business only: the default submitter, or a team's module served as /submitter.js */
  submitter: 'default' | 'custom';
  /** business only: where and how to submit; absent = do not submit */
  submit?: {
    /** full call_metrics URL, e.g. http://127.0.0.1:PORT/v21.0/PAGE_ID/call_metrics */
    url: string;
    accessToken: string;
    /** whole submission budget including retries, ms */
    totalBudgetMs: number;
    /**
     * seed of the retry waits' jitter (the submitter's `deps.random`), from the run seed and
     * the call's seed key: one seed, the same waits between attempts (submitterJitterSeed)
     */
    jitterSeed: number;
  };
  behaviour: PeerBehaviour;
}

/** What the business agent knows when it ends a call; the transform's context. */
export interface EndInfo {
  reason: string;
  subreason: string;
  /** when the agent ended the call, ms since the Unix epoch */
  endedAtMs: number;
  /** when the first inbound audio packet arrived, ms since the Unix epoch; null = never */
  firstAudioAtMs: number | null;
  /** when remote audio started playing (the track reached the <audio> element), ms since the Unix epoch; null = never */
  playoutStartAtMs: number | null;
}

/** one negotiated telephone-event (RFC 4733) codec of an audio sender */
export interface TelephoneEventCodec {
  payloadType: number;
  /** Hz */
  clockRate: number;
}

export type AgentEvent =
  | { type: 'ready'; atMs: number }
  | { type: 'media'; atMs: number; ok: boolean; error?: string }
  | { type: 'ringing'; callId: string; atMs: number }
  | { type: 'connected'; callId: string; atMs: number }
  | { type: 'ice-state'; atMs: number; state: RTCIceConnectionState }
  | { type: 'first-audio'; atMs: number }
  /**
   * a DTMF tone started sending (`tone` '' = the last one ended); `telephoneEvents` are the
   * telephone-event codecs the audio sender had negotiated (its getParameters().codecs), so the
   * relay's count of that payload type can be told apart from the audio's
   */
  | { type: 'dtmf'; atMs: number; tone: string; telephoneEvents?: TelephoneEventCodec[] }
  /** stats samples, oldest first (one, or a batch: AgentInit.sampleBatchMs) */
  | { type: 'samples'; samples: AudioSample[] }
  | {
      type: 'ended';
      callId: string;
      atMs: number;
      info: EndInfo;
      /** the final getStats() snapshot, taken before pc.close() */
      finalStats: Record<string, unknown>[];
      /** the body the agent submits (null when the transform failed, or on the consumer) */
      payload: Record<string, unknown> | null;
      /** why no payload: the transform threw or returned a non-object */
      transformError?: string;
      /** the transform run a second time on the same snapshot (the determinism check) */
      repeatPayload?: unknown;
    }
  | { type: 'submitted'; callId: string; atMs: number; accepted: boolean; attempts: unknown[]; error?: string; handedOff?: string }
  | { type: 'error'; atMs: number; message: string };

/** Bindings the harness exposes into the page before the agents load; `agentId` says which agent of the page speaks. */
export interface HarnessBindings {
  callsoakSignal(agentId: string, envelope: SignalEnvelope): Promise<void>;
  callsoakEmit(agentId: string, event: AgentEvent): Promise<void>;
}

/** What the harness can ask of an agent by name, with at most one argument (see engine/agentPage.ts). */
export type AgentCommand = 'call' | 'answer' | 'decline' | 'hangUp' | 'mute' | 'unmute' | 'pickUp' | 'placeCall' | 'sendDtmf';
