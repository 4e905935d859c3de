/**
 * Drives the pure TURN core without sockets: a sink that records every effect, a manual clock,
 * and a scripted client that builds requests the way a browser does.
 */
import { randomBytes } from 'node:crypto';
import type { Allocation } from '../../../../harness/relay/core/allocation.ts';
import { Attr, MessageClass, Method, TRANSPORT_UDP } from '../../../../harness/relay/core/stunConstants.ts';
import { attributeText, errorCodeOf, parseStun, StunWriter } from '../../../../harness/relay/core/stunMessage.ts';
import type { StunMessage } from '../../../../harness/relay/core/stunMessage.ts';
import { longTermKey } from '../../../../harness/relay/core/stunIntegrity.ts';
import { CredentialStore } from '../../../../harness/relay/core/turnAuth.ts';
import { TurnServerCore } from '../../../../harness/relay/core/turnServerCore.ts';
import type { RelayRequest, TurnSink } from '../../../../harness/relay/core/turnServerCore.ts';

export class RecordingSink implements TurnSink {
  control: { address: string; port: number; message: StunMessage; allocation: Allocation | null }[] = [];
  toPeer: { allocation: Allocation; address: string; port: number; payload: Buffer }[] = [];
  toClient: { allocation: Allocation; framed: Buffer; payloadOffset: number }[] = [];
  opening: { allocation: Allocation; request: RelayRequest }[] = [];
  closed: Allocation[] = [];
  malformed: (Allocation | null)[] = [];

  sendControl(address: string, port: number, data: Buffer, allocation: Allocation | null): void {
    const parsed = parseStun(data);
    if (!parsed.ok) throw new Error(`core sent an unparseable message: ${parsed.reason}`);
    this.control.push({ address, port, message: parsed.message, allocation });
  }
  relayToPeer(allocation: Allocation, address: string, port: number, payload: Buffer): void {
    this.toPeer.push({ allocation, address, port, payload: Buffer.from(payload) });
  }
  relayToClient(allocation: Allocation, framed: Buffer, payloadOffset: number): void {
    this.toClient.push({ allocation, framed, payloadOffset });
  }
  openRelay(allocation: Allocation, request: RelayRequest): void {
    this.opening.push({ allocation, request });
  }
  closeRelay(allocation: Allocation): void {
    this.closed.push(allocation);
  }
  countMalformed(allocation: Allocation | null): void {
    this.malformed.push(allocation);
  }
}

export interface CoreRig {
  core: TurnServerCore;
  sink: RecordingSink;
  credentials: CredentialStore;
  clock: { now: number };
  /** completes every pending relay socket with consecutive ports from 50000 */
  openPending(): void;
}

export function coreRig(): CoreRig {
  const clock = { now: 1_000 };
  const sink = new RecordingSink();
  const credentials = new CredentialStore('callsoak', 600_000, Buffer.alloc(16, 7));
  credentials.add({ username: 'alice', password: 'alice-pw', callId: 'call-1', role: 'consumer', legPerAllocation: false });
  credentials.add({ username: 'bob', password: 'bob-pw', callId: 'call-1', role: 'business', legPerAllocation: false });
  const core = new TurnServerCore({ credentials, sink });
  let nextPort = 50_000;
  return {
    core,
    sink,
    credentials,
    clock,
    openPending() {
      for (const { allocation } of sink.opening.splice(0)) core.relayOpened(allocation, nextPort++, null);
    },
  };
}

/** a scripted TURN client of the pure core */
export class ScriptedClient {
  realm: string | null = null;
  nonce: string | null = null;

  constructor(
    private readonly rig: CoreRig,
    readonly port: number,
    readonly username = 'alice',
    readonly password = 'alice-pw',
    readonly address = '127.0.0.1',
  ) {}

  /** sends one request (signed once realm and nonce are known) and returns the core's response */
  send(method: number, build: (writer: StunWriter) => void = () => {}, options: { sign?: boolean; transactionId?: Buffer } = {}): StunMessage | undefined {
    const transactionId = options.transactionId ?? randomBytes(12);
    const writer = new StunWriter(method, MessageClass.request, transactionId);
    build(writer);
    const sign = (options.sign ?? true) && this.realm !== null && this.nonce !== null;
    if (sign) writer.addText(Attr.username, this.username).addText(Attr.realm, this.realm!).addText(Attr.nonce, this.nonce!);
    const key = sign ? longTermKey(this.username, this.realm!, this.password) : undefined;
    this.datagram(writer.finish({ integrityKey: key, fingerprint: true }));
    const reply = this.rig.sink.control.filter((entry) => entry.message.transactionId.equals(transactionId)).at(-1);
    return reply?.message;
  }

  /** 401 → learn realm and nonce → signed request; returns the final response */
  sendAuthenticated(method: number, build: (writer: StunWriter) => void = () => {}): StunMessage | undefined {
    if (this.nonce === null) {
      const challenge = this.send(method, build, { sign: false });
      this.learn(challenge);
    }
    return this.send(method, build);
  }

  learn(response: StunMessage | undefined): void {
    if (!response) return;
    this.realm = attributeText(response, Attr.realm) ?? this.realm;
    this.nonce = attributeText(response, Attr.nonce) ?? this.nonce;
  }

  allocate(extra: (writer: StunWriter) => void = () => {}): StunMessage | undefined {
    const build = (writer: StunWriter) => {
      writer.add(Attr.requestedTransport, Buffer.from([TRANSPORT_UDP, 0, 0, 0]));
      extra(writer);
    };
    const response = this.sendAuthenticated(Method.allocate, build);
    if (response) return response;
    // the success arrives once the relay socket is open
    const before = this.rig.sink.control.length;
    this.rig.openPending();
    return this.rig.sink.control.slice(before).find((entry) => entry.port === this.port)?.message;
  }

  datagram(bytes: Buffer): void {
    this.rig.core.handleClientDatagram(bytes, this.address, this.port, this.rig.clock.now);
  }
}

export function codeOf(message: StunMessage | undefined): number | 'success' | 'none' {
  if (!message) return 'none';
  if (message.cls === MessageClass.success) return 'success';
  return errorCodeOf(message)?.code ?? -1;
}

export { Attr, Method, MessageClass };
