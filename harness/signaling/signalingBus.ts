/**
 * The in-process signaling bus between the two agents of one call (node side). No server:
 * each page hands its messages to the harness through a binding, and the bus delivers them
 * into the other page. Owning the path is what lets scenarios drop, delay or corrupt a
 * given message.
 */
import { otherRole, type Role, type SignalEnvelope } from './signalTypes.ts';

export interface DeliveredSignal {
  envelope: SignalEnvelope;
  /** when the bus got it, ms since the Unix epoch */
  sentAtMs: number;
}

export class SignalingBus {
  /** every message sent, in order */
  readonly log: DeliveredSignal[] = [];

  constructor(private readonly deliver: (to: Role, envelope: SignalEnvelope) => Promise<void>) {}

  async send(envelope: SignalEnvelope): Promise<void> {
    this.log.push({ envelope, sentAtMs: Date.now() });
    await this.deliver(otherRole(envelope.from), envelope);
  }
}
