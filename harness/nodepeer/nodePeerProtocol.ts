/**
 * The IPC contract between the harness (engine/nodePeer.ts, in the Playwright worker) and a
 * Node peer process (nodePeerMain.ts). Pure types. The harness drives the agent with requests,
 * as it drives a page with `page.evaluate`; the agent reaches the harness with `signal` and
 * `emit`, as a page does through its two bindings, and each is acknowledged the same way.
 */
import type { AgentEvent, AgentInit } from '../agent/agentProtocol.ts';
import type { HangupCode, SignalEnvelope } from '../signaling/signalTypes.ts';

/** What the Node peer needs besides the agent's own init. */
export interface NodePeerLaunch {
  init: AgentInit;
  /** the speech WAV the Chromium peers' fake microphone plays (16-bit PCM) */
  mediaPath: string;
  /** a team's modules, imported by path (the page gets them bundled instead) */
  teamModules: { transform?: string; submitter?: string };
}

/** The agent methods the harness calls, with their arguments. */
export type NodePeerMethod =
  | { method: 'launch'; args: [NodePeerLaunch] }
  | { method: 'call'; args: [] }
  | { method: 'pickUp'; args: [] }
  | { method: 'placeCall'; args: [psid: string] }
  | { method: 'answer'; args: [] }
  | { method: 'decline'; args: [] }
  | { method: 'hangUp'; args: [code: HangupCode | undefined] }
  | { method: 'mute' | 'unmute'; args: [how: 'enabled' | 'replaceTrack'] }
  | { method: 'deliver'; args: [SignalEnvelope] }
  /** the process is being shut down: run the going-away path, then exit once submissions settled */
  | { method: 'goAway'; args: [] }
  /** stop everything and exit */
  | { method: 'shutdown'; args: [] };

export type ToNodePeer =
  | ({ kind: 'request'; id: number } & NodePeerMethod)
  /** the harness took a `signal` or `emit` */
  | { kind: 'ack'; id: number; error?: string };

export type FromNodePeer =
  | { kind: 'reply'; id: number; error?: string }
  | { kind: 'signal'; id: number; envelope: SignalEnvelope }
  | { kind: 'emit'; id: number; event: AgentEvent }
  /** the runtime's versions, sent once at start */
  | { kind: 'hello'; runtime: { node: string; wrtc: string } };
