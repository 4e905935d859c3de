/**
 * Error responses (RFC 5389 §7.3.1, §10.2): ERROR-CODE, plus REALM and a fresh NONCE on 401
 * and 438, UNKNOWN-ATTRIBUTES on 420, and MESSAGE-INTEGRITY once the request authenticated.
 */
import type { Allocation } from './allocation.ts';
import { Attr, ERROR_REASON, MessageClass } from './stunConstants.ts';
import { StunWriter } from './stunMessage.ts';
import type { StunMessage } from './stunMessage.ts';
import type { CredentialStore } from './turnAuth.ts';
import type { TurnCounters, TurnSink } from './turnTypes.ts';

export class TurnErrorResponder {
  constructor(
    private readonly credentials: CredentialStore,
    private readonly sink: TurnSink,
    private readonly counters: TurnCounters,
  ) {}

  /**
   * Answers `request` with error `code`. `key` signs the response (only for requests that
   * authenticated); `nowMs` is needed for the nonce of 401 and 438.
   */
  send(request: Pick<StunMessage, 'method' | 'transactionId'>, address: string, port: number, code: number, key: Buffer | null, allocation: Allocation | null, unknown: number[] = [], nowMs = 0): void {
    this.counters.errors[code] = (this.counters.errors[code] ?? 0) + 1;
    const writer = new StunWriter(request.method, MessageClass.error, request.transactionId).addErrorCode(code, ERROR_REASON[code] ?? 'Error');
    if (code === 401 || code === 438) {
      writer.addText(Attr.realm, this.credentials.realm).addText(Attr.nonce, this.credentials.issueNonce(nowMs));
    }
    if (code === 420) {
      const value = Buffer.alloc(unknown.length * 2);
      unknown.forEach((type, i) => value.writeUInt16BE(type, i * 2));
      writer.add(Attr.unknownAttributes, value);
    }
    this.sink.sendControl(address, port, writer.finish({ integrityKey: key ?? undefined, fingerprint: true }), allocation);
  }
}
