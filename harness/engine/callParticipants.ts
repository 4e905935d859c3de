/**
 * The participants of one scenario call (node side): opens each side — a Chromium page (its
 * own, or a soak's shared one) or a Node peer process, as the scenario says — with its
 * permissions, behaviour and relay credentials, and wires it to the platform: the consumer to
 * the platform itself, the business to its own server (platformLink.ts).
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_BEHAVIOUR, type AgentEvent, type AgentInit, type PeerBehaviour } from '../agent/agentProtocol.ts';
import type { PeerSpec } from '../scenario/scenarioSchema.ts';
import type { Role } from '../signaling/signalTypes.ts';
import type { CallEnvironment } from './callEnvironment.ts';
import type { PeerRuntime } from '../agent/agentPlatform.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import type { CallPeer, CallPeerOptions, Device } from './callPeer.ts';
import { ChromiumPeer } from './chromiumPeer.ts';
import { PlatformLink } from './platformLink.ts';
import { NodePeer } from './nodePeer.ts';
import { ExternalBusinessPeer } from './externalBusinessPeer.ts';
import { deriveSeed, hashString } from '../random/seededRandom.ts';

/** The submission budget the agent gets, retries included, ms. */
export const SUBMIT_BUDGET_MS = 15_000;

/**
 * The seed of a call's retry waits (the submitter's full-jitter backoff): from the run seed
 * and the call's seed key, as the relay's drops are, so a rerun with the same seed waits the
 * same between attempts and the endpoint's time-based faults fall the same way.
 */
export function submitterJitterSeed(runSeed: number, seedKey: string): number {
  return deriveSeed(runSeed, hashString(`${seedKey}/submitter`));
}

export function newCallId(): string {
  return `c_${randomBytes(24).toString('base64url')}`;
}

/** The consumer's PSID for a call: derived from the call's id, so a rerun reads the same. */
export function psidOf(callId: string): string {
  return `psid-${callId.slice(2, 12)}`;
}

export function behaviourOf(spec: PeerSpec | undefined): PeerBehaviour {
  const behaviour: PeerBehaviour = { ...DEFAULT_BEHAVIOUR };
  for (const key of Object.keys(DEFAULT_BEHAVIOUR) as (keyof PeerBehaviour)[]) {
    const value = (spec as Record<string, unknown> | undefined)?.[key];
    if (value !== undefined) (behaviour as unknown as Record<string, unknown>)[key] = value;
  }
  return behaviour;
}

export class CallParticipants {
  /** each peer's way to the platform */
  readonly link: PlatformLink;
  readonly peers: CallPeer[] = [];
  /** every call id of this scenario: the first call's, then a third participant's */
  readonly callIds: string[] = [];
  private closing = false;
  /** the platform's accept window for this scenario's calls, when it shortens it, ms (the business knows it as documented) */
  acceptWindowMs: number | undefined;

  constructor(
    private readonly env: CallEnvironment,
    private readonly specs: { consumer?: PeerSpec; business?: PeerSpec },
    /** what each side runs in */
    readonly runtimes: Record<Role, PeerRuntime>,
    /** the Chromium sides that go into env.sharedPages (when there are some) rather than a page of their own */
    private readonly sharesPage: Record<Role, boolean>,
    /** the call's start, ms since the Unix epoch: every sample and mark counts from here */
    private readonly timeOriginMs: number,
  ) {
    this.link = new PlatformLink(env.platform);
  }

  /**
   * Opens a participant. The business is one peer for every call it takes; a consumer places
   * exactly one call, `callId`.
   * @param seedKey what the relay's random decisions for this call derive from (with the run
   *   seed): the scenario id and the call's place in it, so a rerun drops the same packets
   */
  async open(role: Role, name: string, callId: string, seedKey: string, onEvent?: (event: AgentEvent) => void): Promise<CallPeer> {
    const spec = this.specs[role];
    const env = this.env;
    if (role === 'business' && env.externalBusiness) {
      // the team's integration: nothing to open, only to watch through the platform
      const external = new ExternalBusinessPeer(name, env.platform, env.externalBusiness, { ...(onEvent ? { onEvent } : {}), ...(env.onSample ? { onSample: (sample: AudioSample) => env.onSample!(name, sample) } : {}), ...(env.sampleWindow !== undefined ? { sampleWindow: env.sampleWindow } : {}) }, this.timeOriginMs);
      this.peers.push(external);
      return external;
    }
    const relay = env.relay;
    const credentials = relay ? await relay.createCredentials(callId, role, seedKey) : undefined;
    const init: AgentInit = {
      role,
      callId,
      // Relay-only ICE: all media crosses the harness's TURN relay, which impairs it and counts it.
      iceServers: relay && credentials ? [{ urls: relay.url, ...credentials }] : [],
      iceTransportPolicy: relay ? 'relay' : 'all',
      timeOriginMs: this.timeOriginMs,
      sampleIntervalMs: env.sampleIntervalMs,
      sampleBatchMs: env.sampleBatchMs ?? 0,
      transform: env.transform,
      submitter: env.submitter,
      behaviour: { ...behaviourOf(spec), ...(this.acceptWindowMs !== undefined ? { acceptWindowMs: this.acceptWindowMs } : {}) },
      ...(role === 'business'
        ? { submit: { url: env.submission.url, accessToken: env.submission.accessToken, totalBudgetMs: SUBMIT_BUDGET_MS, jitterSeed: submitterJitterSeed(env.seed, seedKey) } }
        : {}),
    };
    const permissions: Device[] = [];
    if (spec?.microphone !== 'denied') permissions.push('microphone');
    if (spec?.camera !== 'denied') permissions.push('camera');
    let peer: CallPeer | undefined;
    const common: CallPeerOptions = {
      role,
      name,
      onSignal: (envelope) => this.link.onSignal(peer!, envelope),
      ...(onEvent ? { onEvent } : {}),
      ...(env.onSample ? { onSample: (sample: AudioSample) => env.onSample!(name, sample) } : {}),
      ...(env.sampleWindow !== undefined ? { sampleWindow: env.sampleWindow } : {}),
      // The platform notices a consumer's app vanish and fails its call; a business console
      // that vanished is noticed by the edge (its leg goes quiet).
      onGone: () => {
        if (peer && !this.closing && role === 'consumer') this.link.consumerGone(peer);
      },
    };
    if (this.runtimes[role] === 'node') peer = await NodePeer.open({ ...common, init, mediaPath: env.mediaPath, teamModules: env.teamModules });
    else if (env.sharedPages && this.sharesPage[role]) peer = await ChromiumPeer.openShared(env.sharedPages, { ...common, init });
    else peer = await ChromiumPeer.open(env.browser, { ...common, pageUrl: env.pageUrl, init, permissions });
    this.peers.push(peer);
    return peer;
  }

  specOf(role: Role): PeerSpec | undefined {
    return this.specs[role];
  }

  async close(): Promise<void> {
    this.closing = true;
    this.link.close();
    await Promise.all(this.peers.map((peer) => peer.close()));
  }
}
