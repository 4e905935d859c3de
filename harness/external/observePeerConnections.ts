/**
 * Observes every RTCPeerConnection a team's agent console creates (node side): per connection a
 * stats timeline for the charts and the final getStats snapshot at close, the same shapes
 * callsoak's own agent produces (harness/agent/statsSampler.ts; the `ended` event's finalStats),
 * so the contract checks can compare the team's submitted payload with the raw stats it came
 * from. The page side is harness/external/peerConnectionInitScript.ts.
 */
import type { BrowserContext, Page } from 'playwright';
import type { AudioSample } from '../stats/audioSample.ts';
import { audioSampleOf } from '../stats/extractAudioSample.ts';
import { peerConnectionInitScript, type FinalSource, type InitScriptOptions, type ObserverMessage, type StatsArray } from './peerConnectionInitScript.ts';
import { ufragOf } from './ufragOf.ts';

/** the binding the page's observer reports through; a name no page would pick for itself */
const BINDING = '__callsoakPeerConnectionObserver';

/**
 * samples kept per connection, newest: an hour at the default 1 s period, longer than any call
 * scenario, while a console left open through a soak stays near 2 MB per connection (an
 * AudioSample is about 0.5 kB) instead of growing for as long as the page lives
 */
export const MAX_SAMPLES_PER_CONNECTION = 3600;

/** longest a close() in the page waits for its final getStats, ms (the reason is at the close wrapper) */
export const CLOSE_BOUND_MS = 500;

export interface ObserveOptions {
  /** getStats period per connection, ms; default 1000 (callsoak's own agent's default) */
  intervalMs?: number;
  /** the call's start, ms since the Unix epoch: samples' `t` is seconds since it */
  timeOriginMs: number;
}

/** One RTCPeerConnection of the observed page, as far as node has heard of it; a live view (its fields change as the page reports). */
export interface ObservedConnection {
  /** unique in the context: the creating document's random id and a counter, e.g. 'k3x9qa-2' */
  readonly id: string;
  /** the ICE ufrag of its first local description with one; undefined until one is set */
  readonly ufrag: string | undefined;
  /** every ufrag its local descriptions carried, oldest first (an ICE restart adds one) */
  readonly ufrags: readonly string[];
  /** when the page constructed it, ms since the Unix epoch (the page's clock, the same machine's) */
  readonly createdAtMs: number;
  /** its stats timeline, oldest first, at most MAX_SAMPLES_PER_CONNECTION (the newest) */
  readonly samples: readonly AudioSample[];
  /** samples dropped from the front to keep the bound; 0 for any call-length connection */
  readonly droppedSamples: number;
  /**
   * the final getStats snapshot, the raw report as plain objects (the same shape as callsoak's
   * own agent's `ended.finalStats`); null until the connection closed, failed or its page went
   */
  readonly finalStats: StatsArray | null;
  /** where finalStats came from; null while it is null */
  readonly finalSource: FinalSource | null;
  /** when the connection really closed (or its page went), ms since the Unix epoch; null while open */
  readonly closedAtMs: number | null;
}

export interface PeerConnectionObserver {
  /** every connection seen so far, in the order node heard of them */
  connections(): ObservedConnection[];
  /** the connection whose local description carried this ufrag (any of its ufrags), if any */
  byUfrag(ufrag: string): ObservedConnection | undefined;
  /**
   * Resolves once the connection has a final snapshot (a 'failed' one counts); rejects with an error naming the
   * connection when none came within timeoutMs (ms).
   */
  waitForFinal(conn: ObservedConnection, timeoutMs: number): Promise<void>;
}

interface ConnectionState {
  id: string;
  ufrag: string | undefined;
  ufrags: string[];
  createdAtMs: number;
  samples: AudioSample[];
  droppedSamples: number;
  finalStats: StatsArray | null;
  finalSource: FinalSource | null;
  closedAtMs: number | null;
  /** the newest periodic snapshot, for a page that went before reporting a final one; emptied once a final came */
  lastStats: StatsArray;
  /** the page the connection lives in */
  page: Page | null;
}

/**
 * Installs the observer in the context; call it once per context, before the team's page
 * opens (init scripts run only in documents created after they were added).
 */
export async function observePeerConnections(context: BrowserContext, options: ObserveOptions): Promise<PeerConnectionObserver> {
  const intervalMs = options.intervalMs ?? 1000;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new RangeError(`observePeerConnections: intervalMs must be a positive number of ms, got ${String(options.intervalMs)}`);
  }
  if (!Number.isFinite(options.timeOriginMs)) {
    throw new RangeError(`observePeerConnections: timeOriginMs must be ms since the Unix epoch, got ${String(options.timeOriginMs)}`);
  }
  const byId = new Map<string, ConnectionState>();
  const finalListeners = new Set<() => void>();

  const connectionFor = (id: string, page: Page | null, atMs: number): ConnectionState => {
    let conn = byId.get(id);
    if (!conn) {
      conn = { id, ufrag: undefined, ufrags: [], createdAtMs: atMs, samples: [], droppedSamples: 0, finalStats: null, finalSource: null, closedAtMs: null, lastStats: [], page };
      byId.set(id, conn);
    }
    return conn;
  };
  const setFinal = (conn: ConnectionState, stats: StatsArray, source: FinalSource): void => {
    conn.finalStats = stats;
    conn.finalSource = source;
    conn.lastStats = [];
    for (const listener of [...finalListeners]) listener();
  };

  const onMessage = (page: Page | null, message: ObserverMessage): void => {
    const atMs = 'atMs' in message ? message.atMs : Date.now();
    const conn = connectionFor(message.id, page, atMs);
    switch (message.kind) {
      case 'created':
        conn.createdAtMs = message.atMs;
        break;
      case 'local-description': {
        const ufrag = ufragOf(message.sdp);
        if (ufrag && !conn.ufrags.includes(ufrag)) conn.ufrags.push(ufrag);
        conn.ufrag = conn.ufrags[0];
        break;
      }
      case 'stats':
        conn.lastStats = message.stats;
        conn.samples.push(audioSampleOf(message.stats, options.timeOriginMs, message.atMs));
        if (conn.samples.length > MAX_SAMPLES_PER_CONNECTION) {
          conn.droppedSamples += conn.samples.splice(0, conn.samples.length - MAX_SAMPLES_PER_CONNECTION).length;
        }
        break;
      case 'final':
        setFinal(conn, message.stats, message.source);
        // the document is gone, and its connections with it; no 'closed' message follows
        if (message.source === 'pagehide' && conn.closedAtMs === null) conn.closedAtMs = message.atMs;
        break;
      case 'closed':
        conn.closedAtMs = message.atMs;
        break;
    }
  };

  // A page that closes or crashes sends nothing more: its open connections end here, with the
  // newest snapshot node received as final.
  const watchPage = (page: Page): void => {
    const gone = () => {
      for (const conn of byId.values()) {
        if (conn.page !== page || conn.closedAtMs !== null) continue;
        conn.closedAtMs = Date.now();
        if (conn.finalStats === null) setFinal(conn, conn.lastStats, 'page-gone');
      }
    };
    page.on('close', gone);
    page.on('crash', gone);
  };
  for (const page of context.pages()) watchPage(page);
  context.on('page', watchPage);

  await context.exposeBinding(BINDING, (source, message: ObserverMessage) => onMessage(source.page ?? null, message));
  const scriptOptions: InitScriptOptions = { binding: BINDING, intervalMs, closeBoundMs: CLOSE_BOUND_MS };
  // Text rather than a function: a runner that compiles TypeScript with esbuild's keepNames
  // (tsx does) wraps named inner functions in `__name(...)`, a helper the page does not have.
  await context.addInitScript({
    content: `(() => { const __name = (target) => target; (${peerConnectionInitScript.toString()})(${JSON.stringify(scriptOptions)}); })();`,
  });

  const view = (conn: ConnectionState): ObservedConnection => conn;
  return {
    connections: () => [...byId.values()].map(view),
    byUfrag: (ufrag) => {
      for (const conn of byId.values()) if (conn.ufrags.includes(ufrag)) return view(conn);
      return undefined;
    },
    waitForFinal: (conn, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        if (conn.finalStats !== null) return resolve();
        const done = () => {
          if (conn.finalStats === null) return;
          clearTimeout(timer);
          finalListeners.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          finalListeners.delete(done);
          reject(new Error(`peer connection ${conn.id}${conn.ufrag ? ` (ufrag ${conn.ufrag})` : ''}: no final getStats snapshot within ${timeoutMs} ms`));
        }, timeoutMs);
        finalListeners.add(done);
      }),
  };
}
