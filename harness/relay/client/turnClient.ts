/**
 * A small TURN client over UDP (RFC 8656 client side), for the relay's integration tests and
 * benchmark: allocate with long-term credentials (401 → retry, 438 → new nonce), create
 * permissions, bind channels, refresh, and send/receive ChannelData and Send/Data indications.
 * Loopback only: it binds 127.0.0.1 and talks to a server on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { channelNumberOf, channelPayloadLength, frameChannelData, looksLikeChannelData } from '../core/channelData.ts';
import { Attr, MessageClass, Method, TRANSPORT_UDP } from '../core/stunConstants.ts';
import { attributeText, attributeUint32, attributeValue, errorCodeOf, parseStun, StunWriter, xorAddresses } from '../core/stunMessage.ts';
import type { StunMessage } from '../core/stunMessage.ts';
import { longTermKey } from '../core/stunIntegrity.ts';
import type { TransportAddress } from '../core/transportAddress.ts';
import { bindUdp } from '../relaySockets.ts';

export interface TurnClientOptions {
  /** TURN server on 127.0.0.1 */
  serverPort: number;
  username: string;
  password: string;
  /** first retransmission timeout, ms; doubles per retry; default 100 */
  rtoMs?: number;
  /** transmissions per request before giving up; default 5 */
  attempts?: number;
}

/** a peer of the allocation */
export interface Peer {
  address: string;
  port: number;
}

/** where received data came from: a channel, or a peer for Data indications */
export interface DataSource {
  channel?: number;
  peer?: Peer;
}

/** a request that ended with an error response */
export class TurnError extends Error {
  constructor(readonly code: number, reason: string, readonly response: StunMessage) {
    super(`TURN error ${code} ${reason}`);
  }
}

type Build = (writer: StunWriter) => void;

export class TurnClient {
  /** called for every relayed datagram received */
  onData: (data: Buffer, source: DataSource) => void = () => {};
  /** relayed transport address once allocated */
  relayed: TransportAddress | null = null;
  private realm: string | null = null;
  private nonce: string | null = null;
  private key: Buffer | null = null;
  private readonly pending = new Map<string, (message: StunMessage) => void>();

  private constructor(readonly socket: Socket, private readonly options: TurnClientOptions) {
    socket.on('message', (msg) => this.receive(msg));
  }

  static async connect(options: TurnClientOptions): Promise<TurnClient> {
    const socket = await bindUdp('127.0.0.1', 0);
    if (!socket) throw new Error('cannot bind a UDP socket on 127.0.0.1');
    return new TurnClient(socket, options);
  }

  /** local port of the client's socket */
  get localPort(): number {
    return this.socket.address().port;
  }

  /** Allocate (UDP relay); returns the relayed transport address */
  async allocate(options: { lifetimeS?: number; extra?: Build } = {}): Promise<TransportAddress> {
    const response = await this.authenticated(Method.allocate, (writer) => {
      const transport = Buffer.from([TRANSPORT_UDP, 0, 0, 0]);
      writer.add(Attr.requestedTransport, transport);
      if (options.lifetimeS !== undefined) writer.addUint32(Attr.lifetime, options.lifetimeS);
      options.extra?.(writer);
    });
    const relayed = xorAddresses(response, Attr.xorRelayedAddress)[0];
    if (!relayed) throw new Error('Allocate success without XOR-RELAYED-ADDRESS');
    this.relayed = relayed;
    return relayed;
  }

  /** Refresh; returns the granted lifetime, s (0 deletes the allocation) */
  async refresh(lifetimeS: number): Promise<number> {
    const response = await this.authenticated(Method.refresh, (writer) => writer.addUint32(Attr.lifetime, lifetimeS));
    return attributeUint32(response, Attr.lifetime) ?? -1;
  }

  async createPermission(...peers: Peer[]): Promise<void> {
    await this.authenticated(Method.createPermission, (writer) => {
      for (const peer of peers) writer.addXorAddress(Attr.xorPeerAddress, peer.address, peer.port);
    });
  }

  async channelBind(channel: number, peer: Peer): Promise<void> {
    await this.authenticated(Method.channelBind, (writer) => {
      writer.addUint32(Attr.channelNumber, channel << 16);
      writer.addXorAddress(Attr.xorPeerAddress, peer.address, peer.port);
    });
  }

  sendChannelData(channel: number, data: Uint8Array): void {
    this.socket.send(frameChannelData(channel, data), this.options.serverPort, '127.0.0.1');
  }

  sendIndication(peer: Peer, data: Uint8Array): void {
    const message = new StunWriter(Method.send, MessageClass.indication, randomBytes(12))
      .addXorAddress(Attr.xorPeerAddress, peer.address, peer.port)
      .add(Attr.data, data)
      .finish();
    this.socket.send(message, this.options.serverPort, '127.0.0.1');
  }

  /** sends raw bytes to the server (for malformed-input tests) */
  sendRaw(data: Uint8Array): void {
    this.socket.send(data, this.options.serverPort, '127.0.0.1');
  }

  /**
   * Sends a request built by `build` (signed when `sign`), retransmitting until a response
   * arrives; resolves with the response, error responses included.
   */
  async request(method: number, build: Build, sign: boolean): Promise<StunMessage> {
    const transactionId = randomBytes(12);
    const writer = new StunWriter(method, MessageClass.request, transactionId);
    build(writer);
    if (sign && this.key && this.realm && this.nonce) {
      writer.addText(Attr.username, this.options.username).addText(Attr.realm, this.realm).addText(Attr.nonce, this.nonce);
    }
    const bytes = writer.finish({ integrityKey: sign && this.key ? this.key : undefined, fingerprint: true });
    const id = transactionId.toString('hex');
    return new Promise<StunMessage>((resolve, reject) => {
      let rto = this.options.rtoMs ?? 100;
      let left = this.options.attempts ?? 5;
      let timer: NodeJS.Timeout | null = null;
      const transmit = () => {
        if (left-- <= 0) {
          this.pending.delete(id);
          reject(new Error(`no response to TURN method 0x${method.toString(16)} after ${this.options.attempts ?? 5} transmissions`));
          return;
        }
        this.socket.send(bytes, this.options.serverPort, '127.0.0.1');
        timer = setTimeout(transmit, rto);
        rto *= 2;
      };
      this.pending.set(id, (message) => {
        if (timer) clearTimeout(timer);
        this.pending.delete(id);
        resolve(message);
      });
      transmit();
    });
  }

  /** a signed request, learning realm/nonce from 401 and renewing a stale nonce (438); throws TurnError on other errors */
  async authenticated(method: number, build: Build): Promise<StunMessage> {
    for (let round = 0; round < 3; round++) {
      const response = await this.request(method, build, this.key !== null);
      if (response.cls === MessageClass.success) return response;
      const error = errorCodeOf(response) ?? { code: 0, reason: 'no ERROR-CODE' };
      const realm = attributeText(response, Attr.realm);
      const nonce = attributeText(response, Attr.nonce);
      if ((error.code === 401 && this.key === null) || error.code === 438) {
        if (realm === undefined || nonce === undefined) throw new TurnError(error.code, error.reason, response);
        this.realm = realm;
        this.nonce = nonce;
        this.key = longTermKey(this.options.username, realm, this.options.password);
        continue;
      }
      throw new TurnError(error.code, error.reason, response);
    }
    throw new Error('authentication did not settle after 3 rounds');
  }

  close(): void {
    this.socket.close();
  }

  private receive(msg: Buffer): void {
    if (looksLikeChannelData(msg)) {
      const channel = channelNumberOf(msg);
      const length = channelPayloadLength(msg);
      if (channel >= 0 && length >= 0) this.onData(msg.subarray(4, 4 + length), { channel });
      return;
    }
    const parsed = parseStun(msg);
    if (!parsed.ok) return;
    const message = parsed.message;
    if (message.cls === MessageClass.indication && message.method === Method.data) {
      const peer = xorAddresses(message, Attr.xorPeerAddress)[0];
      const data = attributeValue(message, Attr.data);
      if (peer && data) this.onData(data, { peer: { address: peer.address, port: peer.port } });
      return;
    }
    this.pending.get(message.transactionId.toString('hex'))?.(message);
  }
}
