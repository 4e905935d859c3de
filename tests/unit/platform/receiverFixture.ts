/**
 * A real webhook receiver on 127.0.0.1 for the platform tests: it records every request's
 * method, URL, headers and exact body bytes, and answers as the test's `behave` says: a
 * status, the handshake's challenge, or nothing at all (hang).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  atMs: number;
}

export type Behaviour = { status: number; body?: string } | 'hang' | 'echo-challenge';

export interface Receiver {
  url: string;
  received: Received[];
  behave: (req: Received, index: number) => Behaviour;
  close(): Promise<void>;
}

export async function startReceiver(behave: Receiver['behave'] = () => ({ status: 200 })): Promise<Receiver> {
  const received: Received[] = [];
  const r: Receiver = { url: '', received, behave, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Received = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers, body: Buffer.concat(chunks), atMs: Date.now() };
      received.push(rec);
      const b = r.behave(rec, received.length - 1);
      if (b === 'hang') return;
      if (b === 'echo-challenge') return void res.writeHead(200).end(rec.url.searchParams.get('hub.challenge') ?? '');
      res.writeHead(b.status).end(b.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  r.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return r;
}
