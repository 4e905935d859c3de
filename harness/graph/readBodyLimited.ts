/**
 * Reads a request body up to a byte limit without ever holding more than the limit: an
 * oversize Content-Length is refused before a byte is read, and a chunked body stops being
 * read (the socket is paused, so TCP flow control stalls the sender) the moment it passes
 * the limit.
 */
import type { IncomingMessage } from 'node:http';

export interface BodyRead {
  /** the body, when it was read whole and within the limit; empty otherwise */
  bytes: Buffer;
  /** bytes received before reading stopped, or the declared Content-Length when refused upfront */
  received: number;
  /** true when the body is over the limit (declared or observed) */
  tooLarge: boolean;
  /** true when the client went away before the body ended */
  aborted: boolean;
}

/** @param maxBytes largest body accepted, bytes */
export function readBodyLimited(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.pause();
    return Promise.resolve({ bytes: Buffer.alloc(0), received: 0, tooLarge: true, aborted: false });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (result: Omit<BodyRead, 'received'>): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAbort);
      req.off('error', onAbort);
      resolve({ ...result, received });
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        req.pause();
        chunks.length = 0;
        finish({ bytes: Buffer.alloc(0), tooLarge: true, aborted: false });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ bytes: Buffer.concat(chunks, received), tooLarge: false, aborted: false });
    const onAbort = (): void => finish({ bytes: Buffer.alloc(0), tooLarge: false, aborted: true });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAbort);
    req.on('error', onAbort);
  });
}
