/**
 * The in-process signaling bus between call agents (node side). No server: each page hands
 * its messages to the harness through a binding, and the bus delivers them into the page of
 * the other participant of that call. Owning the path is what lets scenarios drop, delay,
 * corrupt or refuse a given message, cut a side off, or tell a side its peer vanished — the
 * way a real signaling server and network would.
 */
import { otherRole, type Role, type SignalEnvelope, type SignalMessage } from './signalTypes.ts';

export interface SignalTarget {
  deliver(envelope: SignalEnvelope): Promise<void>;
}

export type SignalFaultKind = 'drop' | 'delay' | 'corrupt' | 'refuse';

export interface SignalFault {
  fault: SignalFaultKind;
  /** message type it applies to */
  message: SignalMessage['type'];
  /** only messages from this side; default either */
  from?: Role;
  /** the nth matching message from now; default 1 */
  nth?: number;
  /** delay, ms (fault 'delay') */
  ms?: number;
}

export interface SignalLogEntry {
  envelope: SignalEnvelope;
  /** when the bus got it, ms since the Unix epoch */
  atMs: number;
  outcome: 'delivered' | 'dropped' | 'delayed' | 'corrupted' | 'refused' | 'no-recipient' | 'disconnected';
}

export class SignalingBus {
  /** every message, in order, with what the bus did with it */
  readonly log: SignalLogEntry[] = [];
  private readonly calls = new Map<string, Partial<Record<Role, SignalTarget>>>();
  private readonly faults: (SignalFault & { remaining: number })[] = [];
  private readonly disconnected = new Set<SignalTarget>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  /**
   * @param onSent sees every message as the platform receives it, before any fault or
   *   delivery — the platform's own knowledge of a call (e.g. that it ended)
   */
  constructor(private readonly onSent?: (envelope: SignalEnvelope) => void) {}

  /** Makes `target` the `role` participant of `callId`. */
  join(callId: string, role: Role, target: SignalTarget): void {
    this.calls.set(callId, { ...this.calls.get(callId), [role]: target });
  }

  arm(fault: SignalFault): void {
    this.faults.push({ ...fault, remaining: fault.nth ?? 1 });
  }

  /** Cuts a participant off: nothing reaches it or leaves it any more. */
  disconnect(target: SignalTarget): void {
    this.disconnected.add(target);
  }

  /** The platform noticed `target` vanished: every call it was in tells the other side. */
  async peerGone(target: SignalTarget, detail: string): Promise<void> {
    for (const [callId, participants] of this.calls) {
      for (const role of ['consumer', 'business'] as const) {
        if (participants[role] !== target) continue;
        const other = participants[otherRole(role)];
        if (other && !this.disconnected.has(other)) {
          await other.deliver({ callId, from: 'platform', seq: 0, message: { type: 'peer-gone', detail } });
        }
      }
    }
  }

  async send(envelope: SignalEnvelope): Promise<void> {
    const entry: SignalLogEntry = { envelope, atMs: Date.now(), outcome: 'delivered' };
    this.log.push(entry);
    if (envelope.from === 'platform') return;
    this.onSent?.(envelope);
    const participants = this.calls.get(envelope.callId);
    const sender = participants?.[envelope.from];
    const to = participants?.[otherRole(envelope.from)];
    if (!to) {
      entry.outcome = 'no-recipient';
      return;
    }
    if ((sender && this.disconnected.has(sender)) || this.disconnected.has(to)) {
      entry.outcome = 'disconnected';
      return;
    }
    const fault = this.takeFault(envelope);
    switch (fault?.fault) {
      case 'drop':
        entry.outcome = 'dropped';
        return;
      case 'refuse':
        entry.outcome = 'refused';
        if (sender) {
          const detail = `the platform refused the ${envelope.message.type}: this page may not take calls (forbidden)`;
          await sender.deliver({ callId: envelope.callId, from: 'platform', seq: 0, message: { type: 'platform-error', code: 'forbidden', detail } });
        }
        return;
      case 'delay': {
        entry.outcome = 'delayed';
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void to.deliver(envelope).catch(() => undefined);
        }, fault.ms ?? 0);
        this.timers.add(timer);
        return;
      }
      case 'corrupt':
        entry.outcome = 'corrupted';
        await to.deliver({ ...envelope, message: corrupt(envelope.message) });
        return;
      default:
        await to.deliver(envelope);
    }
  }

  /** Stops delayed deliveries that have not happened yet. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private takeFault(envelope: SignalEnvelope): SignalFault | undefined {
    const index = this.faults.findIndex((f) => f.message === envelope.message.type && (!f.from || f.from === envelope.from));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining > 0) return undefined;
    this.faults.splice(index, 1);
    return fault;
  }
}

/**
 * What a corrupted message looks like on arrival: a session description whose DTLS
 * fingerprint is garbage (the receiver's setRemoteDescription rejects it); any other message
 * loses its structure (the receiver's validation rejects it).
 */
function corrupt(message: SignalMessage): SignalMessage {
  if (message.type === 'offer' || message.type === 'answer') {
    return { ...message, sdp: message.sdp.replace(/a=fingerprint:(\S+) \S+/g, 'a=fingerprint:$1 ZZ:ZZ') };
  }
  return { type: message.type, garbage: '\u0000\u00ff' } as unknown as SignalMessage;
}
