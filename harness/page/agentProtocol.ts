/**
 * The contract between the node-side harness and the in-page call agent.
 * Pure types shared by both sides; the agent is reached as `window.callsoak`, and talks
 * back through two bindings the harness exposes: `callsoakSignal` and `callsoakEmit`.
 */
import type { AudioSample } from '../stats/audioSample.ts';
import type { Role, SignalEnvelope } from '../signaling/signalTypes.ts';

export interface AgentInit {
  role: Role;
  callId: string;
  iceServers: RTCIceServer[];
  /** 'relay' forces all media through the harness's TURN relay; 'all' allows host candidates */
  iceTransportPolicy: RTCIceTransportPolicy;
  /** getStats sampling period, ms; default 1000 */
  sampleIntervalMs: number;
  /** business only: which transform builds the payload it submits */
  transform: 'spec' | 'documented' | 'custom';
  /** business only: where and how to submit; absent = do not submit */
  submit?: {
    /** full call_metrics URL, e.g. http://127.0.0.1:PORT/v19.0/PAGE_ID/call_metrics */
    url: string;
    accessToken: string;
    /** whole submission budget including retries, ms */
    totalBudgetMs: number;
  };
}

/** What the business agent knows when it ends a call; the transform's context. */
export interface EndInfo {
  reason: string;
  subreason: string;
  /** when the agent ended the call, ms since the Unix epoch */
  endedAtMs: number;
  /** when the first inbound audio packet arrived, ms since the Unix epoch; null = never */
  firstAudioAtMs: number | null;
}

export type AgentEvent =
  | { type: 'ready'; atMs: number }
  | { type: 'media'; atMs: number; ok: boolean; error?: string }
  | { type: 'ringing'; atMs: number }
  | { type: 'ice-state'; atMs: number; state: RTCIceConnectionState }
  | { type: 'first-audio'; atMs: number }
  | { type: 'sample'; sample: AudioSample }
  | {
      type: 'ended';
      atMs: number;
      info: EndInfo;
      /** the final getStats() snapshot, taken before pc.close() */
      finalStats: Record<string, unknown>[];
      /** the body the agent submits (null when the transform failed) */
      payload: Record<string, unknown> | null;
      /** why no payload: the transform threw or returned a non-object */
      transformError?: string;
    }
  | { type: 'submitted'; atMs: number; accepted: boolean; attempts: unknown[]; error?: string }
  | { type: 'error'; atMs: number; message: string };

/** Bindings the harness exposes into the page before the agent loads. */
export interface HarnessBindings {
  callsoakSignal(envelope: SignalEnvelope): Promise<void>;
  callsoakEmit(event: AgentEvent): Promise<void>;
}
