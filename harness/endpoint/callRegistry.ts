/**
 * The calls the endpoint knows, as Graph knows them from its own signaling: registered when
 * the call starts, ended when it ends, and accepted once its metrics are stored.
 */
export interface CallState {
  /** ms since the Unix epoch when the call ended (Graph's view); null = still in progress */
  endedAtMs: number | null;
  /** record seq of the accepted submission; null = none yet */
  acceptedSeq: number | null;
}

export class CallRegistry {
  private readonly calls = new Map<string, CallState>();

  /** A call starts: submissions are refused as "in progress" until `markEnded`. */
  register(callId: string): void {
    if (!this.calls.has(callId)) this.calls.set(callId, { endedAtMs: null, acceptedSeq: null });
  }

  /** The call ended at `endedAtMs` (ms since the Unix epoch); registers it if needed. */
  markEnded(callId: string, endedAtMs: number): void {
    this.register(callId);
    (this.calls.get(callId) as CallState).endedAtMs = endedAtMs;
  }

  markAccepted(callId: string, seq: number): void {
    const state = this.calls.get(callId);
    if (state) state.acceptedSeq = seq;
  }

  get(callId: string): Readonly<CallState> | undefined {
    return this.calls.get(callId);
  }
}
