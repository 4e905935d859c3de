/**
 * The init script that observes every RTCPeerConnection of a team's agent console (page side).
 * Playwright serialises `peerConnectionInitScript` to text and runs it in every document of the
 * context before the page's own scripts, so it imports nothing and names only what it defines
 * or captures. The team's code is not changed and must not notice: the constructor is a Proxy of
 * the native one (prototype, `instanceof`, static methods, `name` and subclassing are the
 * native's), and the observer only adds event listeners and one prototype method (`close`).
 *
 * Everything it learns goes to node as plain objects through one binding, one message a call.
 */

/** Where a connection's final getStats snapshot came from. */
export type FinalSource =
  /** close() was called: a getStats taken before the real close */
  | 'close'
  /** close() was called, but getStats did not resolve within the bound: the newest periodic snapshot */
  | 'close-timeout'
  /** connectionState became 'failed': the newest periodic snapshot (a later close() replaces it) */
  | 'failed'
  /** connectionState became 'closed' without close(): the newest periodic snapshot */
  | 'closed'
  /** the document is going away (navigation, page close) with the connection open: the newest periodic snapshot */
  | 'pagehide'
  /** node saw the page close before any final arrived: the newest periodic snapshot it received */
  | 'page-gone';

/** A getStats() report copied into plain objects, one per stats dictionary. */
export type StatsArray = Record<string, unknown>[];

/** What the page sends through the binding. Times are the page's Date.now(), ms since the Unix epoch. */
export type ObserverMessage =
  | { kind: 'created'; id: string; atMs: number }
  | { kind: 'local-description'; id: string; sdp: string }
  | { kind: 'stats'; id: string; atMs: number; stats: StatsArray }
  | { kind: 'final'; id: string; atMs: number; stats: StatsArray; source: FinalSource }
  | { kind: 'closed'; id: string; atMs: number };

export interface InitScriptOptions {
  /** the name of the binding the messages go through (a property of window) */
  binding: string;
  /** getStats period per connection, ms */
  intervalMs: number;
  /** longest a close() waits for its final getStats before the real close happens anyway, ms */
  closeBoundMs: number;
}

/** Runs in the page: wraps window.RTCPeerConnection. Self-contained (see the file comment). */
export function peerConnectionInitScript(options: InitScriptOptions): void {
  const w = window as unknown as Record<string, unknown> & Window;
  const Native = w.RTCPeerConnection as unknown as typeof RTCPeerConnection | undefined;
  const marker = Symbol.for('callsoak.peerConnectionObserver');
  if (typeof Native !== 'function' || (w as unknown as Record<symbol, unknown>)[marker]) return;
  Object.defineProperty(w, marker, { value: true });

  // Captured now, before the page's scripts run, so a page that patches them does not change
  // what the observer does (or sees its own patches called by the observer).
  const proto = Native.prototype;
  const nativeGetStats = proto.getStats as (this: RTCPeerConnection) => Promise<RTCStatsReport>;
  const nativeClose = proto.close;
  const addListener = EventTarget.prototype.addEventListener;
  const setIntervalNative = w.setInterval.bind(w);
  const clearIntervalNative = w.clearInterval.bind(w);
  const setTimeoutNative = w.setTimeout.bind(w);
  const now = Date.now.bind(Date);
  // ids are unique across the documents of a context (frames, navigations) without node's help
  const documentId = Math.random().toString(36).slice(2, 8);
  let created = 0;

  interface Observed {
    id: string;
    timer: number | undefined;
    /** a periodic getStats is in flight: the next tick is skipped, not overlapped */
    busy: boolean;
    /** close() was called: no more periodic snapshots, the final one is on its way */
    closing: boolean;
    /** the real close happened (or the connection closed by itself) */
    done: boolean;
    /** the newest periodic snapshot: what counts as final when no fresh one can be taken */
    last: StatsArray;
    lastSdp: string;
  }
  const observed = new WeakMap<RTCPeerConnection, Observed>();
  const open = new Set<Observed>();

  const send = (message: ObserverMessage): void => {
    const binding = w[options.binding];
    if (typeof binding !== 'function') return;
    try {
      void (binding as (m: ObserverMessage) => Promise<unknown>)(message).catch(() => undefined);
    } catch {
      // the page is going away: nothing can be reported any more
    }
  };
  const toArray = (report: RTCStatsReport): StatsArray => {
    const out: StatsArray = [];
    report.forEach((stat: Record<string, unknown>) => out.push({ ...stat }));
    return out;
  };
  const stopSampling = (entry: Observed): void => {
    if (entry.timer !== undefined) clearIntervalNative(entry.timer);
    entry.timer = undefined;
  };
  const finish = (entry: Observed): void => {
    entry.done = true;
    stopSampling(entry);
    open.delete(entry);
    send({ kind: 'closed', id: entry.id, atMs: now() });
  };

  const observe = (pc: RTCPeerConnection): void => {
    const entry: Observed = { id: `${documentId}-${++created}`, timer: undefined, busy: false, closing: false, done: false, last: [], lastSdp: '' };
    observed.set(pc, entry);
    open.add(entry);
    send({ kind: 'created', id: entry.id, atMs: now() });

    // Every setLocalDescription changes the signaling state, and the event fires before its
    // promise resolves: the ufrag is known before the team's code can send the description.
    addListener.call(pc, 'signalingstatechange', () => {
      const sdp = pc.localDescription?.sdp ?? '';
      if (!sdp || sdp === entry.lastSdp) return;
      entry.lastSdp = sdp;
      send({ kind: 'local-description', id: entry.id, sdp });
    });
    addListener.call(pc, 'connectionstatechange', () => {
      if (entry.closing || entry.done) return;
      if (pc.connectionState === 'failed') send({ kind: 'final', id: entry.id, atMs: now(), stats: entry.last, source: 'failed' });
      if (pc.connectionState === 'closed') {
        send({ kind: 'final', id: entry.id, atMs: now(), stats: entry.last, source: 'closed' });
        finish(entry);
      }
    });

    const tick = async (): Promise<void> => {
      if (entry.busy || entry.closing || entry.done || pc.connectionState === 'closed') return;
      entry.busy = true;
      try {
        const stats = toArray(await nativeGetStats.call(pc));
        entry.last = stats;
        if (!entry.closing && !entry.done) send({ kind: 'stats', id: entry.id, atMs: now(), stats });
      } catch {
        // closed between the check and getStats: nothing to sample
      } finally {
        entry.busy = false;
      }
    };
    entry.timer = setIntervalNative(() => void tick(), options.intervalMs);
  };

  // close() is deferred until a final getStats resolves: after the real close Chromium's
  // getStats has nothing left of the call, and the final counters (packets received up to the
  // hang-up) are what the team's submitted payload is compared with. The cost is that for a
  // moment the team's code sees its connection still open after close() returned; the bound
  // keeps that moment short (a getStats on a healthy page resolves in milliseconds) and stops a
  // getStats that hangs in an overloaded page from keeping the team's connection, and its
  // media, alive: then the newest periodic snapshot counts as final.
  const closeObserved = {
    close(this: RTCPeerConnection): void {
      const entry = observed.get(this);
      if (!entry || entry.done) return nativeClose.call(this);
      if (entry.closing) return undefined;
      entry.closing = true;
      stopSampling(entry);
      let settled = false;
      const settle = (stats: StatsArray, source: FinalSource): void => {
        if (settled) return;
        settled = true;
        send({ kind: 'final', id: entry.id, atMs: now(), stats, source });
        try {
          nativeClose.call(this);
        } finally {
          finish(entry);
        }
      };
      setTimeoutNative(() => settle(entry.last, 'close-timeout'), options.closeBoundMs);
      nativeGetStats.call(this).then(
        (report) => settle(toArray(report), 'close'),
        () => settle(entry.last, 'close-timeout'),
      );
      return undefined;
    },
  }.close;
  Object.defineProperty(proto, 'close', { value: closeObserved, writable: true, configurable: true, enumerable: true });

  // The document is going away with connections open: no close() and no state event will come,
  // and a close() still waiting for its getStats (the team's own pagehide handler) will likely
  // never finish it. Should that getStats still resolve, its 'close' final comes later and wins.
  addListener.call(w, 'pagehide', () => {
    for (const entry of open) send({ kind: 'final', id: entry.id, atMs: now(), stats: entry.last, source: 'pagehide' });
  });

  const Observing = new Proxy(Native, {
    construct(target, args, newTarget) {
      const pc = Reflect.construct(target, args, newTarget) as RTCPeerConnection;
      try {
        observe(pc);
      } catch {
        // observing must never break the team's page
      }
      return pc;
    },
  });
  // `new pc.constructor()` and `RTCPeerConnection.prototype.constructor === RTCPeerConnection`
  // must both keep holding.
  Object.defineProperty(proto, 'constructor', { value: Observing, writable: true, configurable: true, enumerable: false });
  for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection']) {
    const descriptor = Object.getOwnPropertyDescriptor(w, name);
    if (descriptor && descriptor.value === Native) Object.defineProperty(w, name, { ...descriptor, value: Observing });
  }
}
