/**
 * The calls the endpoint knows, as Graph knows them from its own signaling: registered when
 * the call starts, ended when it ends, and accepted once its metrics are stored.
 */
export interface CallState {
  /** ms since the Unix epoch when the call ended (Graph's view); null = still in progress */
  endedAtMs: number | null;
  /** record seq of the accepted submission; null = none yet */
  acceptedSeq: number | null;
  /** what the fault plan's random draws for this call derive from (the call id unless the harness named a key) */
  drawKey: string;
}

export class CallRegistry {
  private readonly calls = new Map<string, CallState>();
  private readonly endWaiters = new Map<string, (() => void)[]>();

  /**
   * A call starts: submissions are refused as "in progress" until `markEnded`.
   * @param drawKey what the call's fault draws derive from; default the call id. The first registration fixes it.
   */
  register(callId: string, drawKey: string = callId): void {
    if (!this.calls.has(callId)) this.calls.set(callId, { endedAtMs: null, acceptedSeq: null, drawKey });
  }

  /**
   * Names the call's draw key after the fact (the emulated platform registers a call when it
   * starts, and the harness names its key separately); registers the call if needed.
   */
  setDrawKey(callId: string, drawKey: string): void {
    this.register(callId, drawKey);
    (this.calls.get(callId) as CallState).drawKey = drawKey;
  }

  /** The call ended at `endedAtMs` (ms since the Unix epoch); registers it if needed. */
  markEnded(callId: string, endedAtMs: number): void {
    this.register(callId);
    const state = this.calls.get(callId) as CallState;
    if (state.endedAtMs === null) state.endedAtMs = endedAtMs;
    for (const wake of this.endWaiters.get(callId) ?? []) wake();
    this.endWaiters.delete(callId);
  }

  /**
   * Resolves when a registered call that is still in progress ends, or after `lagMs`,
   * whichever is first; at once for unknown and ended calls.
   */
  async settle(callId: string, lagMs: number): Promise<void> {
    const state = this.calls.get(callId);
    if (!state || state.endedAtMs !== null || lagMs <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, lagMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.endWaiters.set(callId, [...(this.endWaiters.get(callId) ?? []), wake]);
    });
  }

  markAccepted(callId: string, seq: number): void {
    const state = this.calls.get(callId);
    if (state) state.acceptedSeq = seq;
  }

  /** Takes an acceptance back: its record line could not be written, so it was never stored. */
  unaccept(callId: string, seq: number): void {
    const state = this.calls.get(callId);
    if (state?.acceptedSeq === seq) state.acceptedSeq = null;
  }

  get(callId: string): Readonly<CallState> | undefined {
    return this.calls.get(callId);
  }
}
