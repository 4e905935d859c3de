/**
 * What a call needs from its surroundings (node side): the browser, the page server, where
 * payloads go, the relay. The runner builds it from worker fixtures; nothing here knows
 * about Playwright Test.
 */
import type { Browser } from 'playwright';
import type { AgentInit } from '../agent/agentProtocol.ts';
import type { Relay } from '../relay/startRelay.ts';
import type { Endpoint } from '../endpoint/startEndpoint.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import type { SharedAgentPages } from './sharedAgentPages.ts';
import type { CallPlatform } from './platformLink.ts';
import type { ExternalBusinessContext } from './externalBusinessPeer.ts';
import type { Step } from '../scenario/scenarioSchema.ts';

/** Where the business agent submits, and the embedded endpoint's record when it is ours. */
export interface SubmissionTarget {
  /** full call_metrics URL */
  url: string;
  accessToken: string;
  /** present when the endpoint is the embedded one: the harness reads its record */
  endpoint?: Pick<Endpoint, 'registerCall' | 'markCallEnded' | 'requestsFor' | 'inProgressFor' | 'setFaults'>;
}

export interface CallEnvironment {
  /** where Chromium peers open their pages */
  browser: Browser;
  /** the page server's URL */
  pageUrl: string;
  /**
   * soak: pages that Chromium participants share (a page each costs a renderer and an audio
   * output); sides that act on their whole page still get their own (scenario/pageSharingRules.ts).
   * Absent = every participant has its own page.
   */
  sharedPages?: SharedAgentPages;
  /** the speech WAV every microphone plays: Chromium's fake capture, a Node peer's RTCAudioSource */
  mediaPath: string;
  /** a team's modules by path (a Node peer imports them; pages get them from the page server) */
  teamModules: { transform?: string; submitter?: string };
  submission: SubmissionTarget;
  /** the emulated platform, its media edge and the business's own server: every call goes through them */
  platform: CallPlatform;
  /** `--business external`: the business is the team's own integration, reached only through the platform */
  externalBusiness?: ExternalBusinessContext;
  /** the embedded relay: every call is relay-only through it. Absent = direct host candidates. */
  relay?: Relay;
  transform: AgentInit['transform'];
  submitter: AgentInit['submitter'];
  /** label of the transform in results: spec, documented or the module path */
  transformLabel: string;
  sampleIntervalMs: number;
  /** samples reach the harness in batches spanning at most this long, ms; default 0 = each at once (AgentInit.sampleBatchMs) */
  sampleBatchMs?: number;
  /** which repetition of the scenario this call is (0-based; --repeat) */
  repetition: number;
  /** the run seed (--seed): with the call's seed key it fixes the relay's drops and the submitter's retry waits */
  seed: number;
  /** talk time override from --talk-seconds */
  talkSeconds?: number;
  /** soak: ends talk and wait steps early (the rest of the timeline still runs, so the call ends properly) */
  stop?: AbortSignal;
  /** soak: every AudioSample of every participant as it arrives (spilled to disk, streaming checks) */
  onSample?: (peer: string, sample: AudioSample) => void;
  /** soak: told when the business ended the call (a slot moves on instead of talking into a dead call) */
  onCallEnded?: (callId: string) => void;
  /** soak: told the call's id as soon as it has one (to read the relay's ground truth while it runs) */
  onCallStarted?: (callId: string) => void;
  /**
   * the Playwright API (`call.impair()`): given, before the call starts, a way to run a step on
   * the live call now, beside its timeline (it records what it did like a timeline step)
   */
  onLiveSteps?: (runNow: (step: Step) => Promise<void>) => void;
  /** soak: samples per participant kept in memory (the newest); default all */
  sampleWindow?: number;
  /** Playwright Test's test.step, or a plain runner */
  step: <T>(title: string, body: () => Promise<T>) => Promise<T>;
}
