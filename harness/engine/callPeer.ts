/**
 * One call participant as the timeline sees it (node side), whatever it runs in: a Chromium
 * page (chromiumPeer.ts) or a Node peer process on libwebrtc (nodePeer.ts). Everything the
 * timeline does to a participant goes through here; what a runtime cannot do, it refuses with
 * a message saying so (scenario validation refuses it earlier, see peerRuntimeRules.ts).
 */
import type { AgentEvent } from '../agent/agentProtocol.ts';
import type { PeerRuntime } from '../agent/agentPlatform.ts';
import type { HangupCode, Role, SignalEnvelope } from '../signaling/signalTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import type { EventLog } from './eventLog.ts';

export type Device = 'microphone' | 'camera';

export interface CallPeer {
  readonly name: string;
  readonly role: Role;
  /** what it runs in; 'external': a team's own integration, seen only through the platform */
  readonly runtime: PeerRuntime | 'external';
  /** e.g. 'Chromium 156.0.8078.73', 'Node v20.20.2, @roamhq/wrtc 0.10.0' */
  readonly version: string;
  /** a Chromium side: whether its page is its own (undefined for a Node peer) */
  readonly ownPage?: boolean;
  readonly events: EventLog<AgentEvent>;
  readonly samples: AudioSample[];
  /** what the peer logged (page console, process stdout/stderr) */
  readonly console: string[];
  /** the peer can no longer report itself: its page closed or navigated away, its process exited */
  isGone(): boolean;
  /** consumer: place the call */
  call(): Promise<void>;
  /** consumer: pick up a business's ringing call */
  pickUp(): Promise<void>;
  /** business: call the consumer `psid` */
  placeCall(psid: string): Promise<void>;
  /** consumer: send DTMF digits in RTP (a Chromium page only) */
  sendDtmf(digits: string): Promise<void>;
  answer(): Promise<void>;
  decline(): Promise<void>;
  hangUp(code?: HangupCode): Promise<void>;
  mute(method: 'enabled' | 'replaceTrack'): Promise<void>;
  unmute(method: 'enabled' | 'replaceTrack'): Promise<void>;
  /** hands a message to the agent without waiting for it to be processed */
  deliver(envelope: SignalEnvelope): Promise<void>;
  /** takes a device permission away */
  deny(device: Device): Promise<void>;
  /** kills the peer as a crash would; returns once it is dead */
  crash(): Promise<void>;
  /** the peer goes away the orderly way (a tab closing, a process shutting down); returns once it is gone */
  closePage(): Promise<void>;
  navigateAway(): Promise<void>;
  close(): Promise<void>;
}

/** What every runtime's open() gets. */
export interface CallPeerOptions {
  role: Role;
  /** a name for messages and records: consumer, business, third */
  name: string;
  /** called for every message the agent sends to its node side (the platform, or the business's server) */
  onSignal: (envelope: SignalEnvelope) => Promise<void>;
  /** called synchronously for every event, before the agent's emit resolves */
  onEvent?: (event: AgentEvent) => void;
  /** the peer died or went away without its agent saying goodbye */
  onGone?: (why: string) => void;
  /** every stats sample, as it arrives (soak: spilled to disk, streaming checks) */
  onSample?: (sample: AudioSample) => void;
  /** samples kept in `samples` (the newest); default all */
  sampleWindow?: number;
}

/**
 * Takes an event from the peer's agent (either runtime): samples join the peer's in-memory series,
 * bounded by the window, and are passed on one by one; any other event goes to its log. Every
 * event is then handed to `onEvent`.
 */
export function recordEvent(
  peer: Pick<CallPeer, 'samples' | 'events'>,
  event: AgentEvent,
  options: Pick<CallPeerOptions, 'onSample' | 'sampleWindow' | 'onEvent'>,
): void {
  if (event.type === 'samples') {
    const { samples } = peer;
    samples.push(...event.samples);
    if (options.sampleWindow !== undefined && samples.length > options.sampleWindow) samples.splice(0, samples.length - options.sampleWindow);
    if (options.onSample) for (const sample of event.samples) options.onSample(sample);
  } else {
    peer.events.push(event);
  }
  options.onEvent?.(event);
}
