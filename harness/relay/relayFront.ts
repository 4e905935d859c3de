/**
 * A front: a leg without TURN. A client that knows nothing of the relay (a team's own WebRTC
 * client in external business mode) sends its media to the front's address, as the emulated
 * edge's answer tells it to; the front hands each datagram to the relay server, which sends it
 * on to the edge (`target`) through the leg's `up` pipeline, and what the edge sends back to
 * the client through its `down` pipeline. So the leg is impaired and counted like a TURN leg.
 *
 * Two sockets on 127.0.0.1: the client-facing front, and an edge-facing socket the edge sees as
 * the client. This class only owns the sockets and the addresses; the server decides what a
 * datagram goes through (startRelayServer.ts).
 */
import type { Socket } from 'node:dgram';
import type { Role } from './core/groundTruthTypes.ts';
import { ipv4ToNumber, isLoopback } from './core/transportAddress.ts';
import { bindUdp } from './relaySockets.ts';

/** a UDP transport address */
export interface FrontAddress {
  /** IPv4 literal */
  host: string;
  port: number;
}

/** what the server does with a front's datagrams */
export interface FrontListener {
  /** a datagram from the client on the front; `front.clientAddress` / `clientPort` are already its source */
  fromClient(front: RelayFront, data: Buffer): void;
  /** a datagram from `target` on the edge-facing socket, once a client has been seen: for the client at `clientAddress`:`clientPort` */
  fromEdge(front: RelayFront, data: Buffer, clientAddress: string, clientPort: number): void;
  /** a datagram read and dropped on arrival: on the edge-facing socket from anyone but `target`, or before any client */
  ignored(front: RelayFront): void;
}

/**
 * the constraint a front's target breaks, or null when it is fine: an IPv4 loopback literal
 * (the relay is never an open relay, and its edge-facing socket is IPv4 on 127.0.0.1) and a
 * port 1–65535
 */
export function frontTargetProblem(target: FrontAddress): string | null {
  if (typeof target?.host !== 'string' || ipv4ToNumber(target.host) === -1 || !isLoopback(target.host)) {
    return `target.host must be an IPv4 loopback address (127.x.x.x), got ${JSON.stringify(target?.host)}`;
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    return `target.port must be an integer 1–65535, got ${JSON.stringify(target.port)}`;
  }
  return null;
}

export class RelayFront {
  /** where the last datagram on the front came from: where the down leg sends; null until one has */
  clientAddress: string | null = null;
  clientPort = 0;
  private closed = false;

  private constructor(
    /** the call and role whose legs this front's traffic crosses */
    readonly callId: string,
    readonly role: Role,
    /** the edge's address: up-traffic goes there, and only datagrams from there come down */
    readonly target: FrontAddress,
    private readonly front: Socket,
    private readonly edge: Socket,
    listener: FrontListener,
  ) {
    // Any source: the front is bound to 127.0.0.1, so only this host reaches it, and a client's
    // libwebrtc may send from the machine's own non-loopback address to it.
    front.on('message', (data, rinfo) => {
      if (this.closed) return;
      this.clientAddress = rinfo.address;
      this.clientPort = rinfo.port;
      listener.fromClient(this, data);
    });
    edge.on('message', (data, rinfo) => {
      if (this.closed) return;
      if (rinfo.port !== target.port || rinfo.address !== target.host || this.clientAddress === null) return listener.ignored(this);
      listener.fromEdge(this, data, this.clientAddress, this.clientPort);
    });
    // a client or edge that went away (ICMP unreachable) is not the relay's problem: the packet is simply gone
    front.on('error', () => {});
    edge.on('error', () => {});
  }

  /** opens both sockets on `host`; null when a port cannot be bound */
  static async open(host: string, callId: string, role: Role, target: FrontAddress, listener: FrontListener): Promise<RelayFront | null> {
    const front = await bindUdp(host, 0);
    const edge = front ? await bindUdp(host, 0) : null;
    if (!front || !edge) {
      front?.close();
      return null;
    }
    return new RelayFront(callId, role, { host: target.host, port: target.port }, front, edge, listener);
  }

  /** the address the client sends to */
  get address(): FrontAddress {
    const { address, port } = this.front.address();
    return { host: address, port };
  }

  /** sends up-traffic from the edge-facing socket (the `up` pipeline's send) */
  sendToEdge(data: Buffer, address: string, port: number): void {
    if (!this.closed) this.edge.send(data, port, address);
  }

  /** sends down-traffic from the front (the `down` pipeline's send) */
  sendToClient(data: Buffer, address: string, port: number): void {
    if (!this.closed) this.front.send(data, port, address);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.front.close();
    this.edge.close();
  }
}
