/**
 * Opens the relayed UDP sockets of allocations on the relay address (127.0.0.1 only), with
 * EVEN-PORT and RESERVATION-TOKEN handling (RFC 8656 §7.2): an even port, optionally with the
 * next port held for a later allocation that presents the token (turnutils_uclient uses this
 * for its RTP/RTCP pairs).
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import type { RelayRequest } from './core/turnServerCore.ts';

/** attempts at finding an even port (and a free port above it) before giving up with 508 */
const PORT_ATTEMPTS = 16;
/** how long a reserved port is held for its token, ms (RFC 8656 suggests about 30 s) */
const RESERVATION_MS = 30_000;
/** socket buffers, bytes: enough for bursts at tens of thousands of packets per second */
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

export interface OpenedRelay {
  socket: Socket;
  port: number;
  /** token to return in RESERVATION-TOKEN when the next port was reserved */
  token: Buffer | null;
}

/**
 * Every address this project sends to is an IPv4 literal on loopback, so the DNS step of
 * each send (dns.lookup: an isIP check and a process.nextTick per datagram) is replaced by
 * a synchronous identity lookup: one less deferral on the per-packet path.
 */
function literalLookup(address: string, _family: unknown, callback: (error: Error | null, address: string, family: number) => void): void {
  callback(null, address, 4);
}

/** binds a UDP socket on `address:port` (0 = any free port), or resolves null when that fails */
export function bindUdp(address: string, port: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: 'udp4', lookup: literalLookup });
    const onError = () => {
      socket.close();
      resolve(null);
    };
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      enlargeBuffers(socket);
      resolve(socket);
    });
  });
}

/** larger kernel buffers where the system allows (the kernel caps them at its own maximum) */
export function enlargeBuffers(socket: Socket): void {
  try {
    socket.setRecvBufferSize(SOCKET_BUFFER_BYTES);
    socket.setSendBufferSize(SOCKET_BUFFER_BYTES);
  } catch {
    // a smaller buffer only costs drops under extreme load, which ground truth never sees anyway
  }
}

export class RelaySockets {
  private readonly reserved = new Map<string, { socket: Socket; timer: NodeJS.Timeout }>();

  constructor(private readonly address: string) {}

  /** a socket fitting `request`, or null (the caller answers 508 Insufficient Capacity) */
  async open(request: RelayRequest): Promise<OpenedRelay | null> {
    if (request.reservationToken) {
      const key = request.reservationToken.toString('hex');
      const held = this.reserved.get(key);
      if (!held) return null;
      this.reserved.delete(key);
      clearTimeout(held.timer);
      return { socket: held.socket, port: held.socket.address().port, token: null };
    }
    if (!request.evenPort) {
      const socket = await bindUdp(this.address, 0);
      return socket ? { socket, port: socket.address().port, token: null } : null;
    }
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      const socket = await bindUdp(this.address, 0);
      if (!socket) return null;
      const port = socket.address().port;
      const even = port % 2 === 0 ? socket : null;
      const candidate = even ?? (await this.tryPort(port + 1));
      if (!even) socket.close();
      if (!candidate) continue;
      const candidatePort = candidate.address().port;
      if (!request.reserveNext) return { socket: candidate, port: candidatePort, token: null };
      const next = candidatePort < 65535 ? await bindUdp(this.address, candidatePort + 1) : null;
      if (!next) {
        candidate.close();
        continue;
      }
      const token = randomBytes(8);
      const timer = setTimeout(() => {
        this.reserved.delete(token.toString('hex'));
        next.close();
      }, RESERVATION_MS);
      timer.unref();
      this.reserved.set(token.toString('hex'), { socket: next, timer });
      return { socket: candidate, port: candidatePort, token };
    }
    return null;
  }

  /** releases every reserved port */
  close(): void {
    for (const { socket, timer } of this.reserved.values()) {
      clearTimeout(timer);
      socket.close();
    }
    this.reserved.clear();
  }

  private async tryPort(port: number): Promise<Socket | null> {
    return port <= 65535 ? bindUdp(this.address, port) : null;
  }
}
