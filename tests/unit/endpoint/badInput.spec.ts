/**
 * Bad input: bodies over the size limit are refused without being read whole; invalid UTF-8
 * is named by byte offset; 1,000 generated bad bodies each get a 4xx Graph envelope and the
 * server keeps serving.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import http from 'node:http';
import { SUBCODE } from '../../../harness/contract/businessSubcodes.ts';
import { TOKEN, isGraphEnvelope, post, startTestEndpoint, tablePayload, type Started } from './endpointFixture.ts';

let s: Started;
test.afterEach(async () => {
  await s.endpoint.close();
});

interface StreamResult {
  status: number;
  body: string;
  /** bytes the client managed to hand to its socket before the answer / close */
  clientWrote: number;
}

/** Streams `totalBytes` of spaces, with or without a Content-Length, until the server answers or closes. */
function streamHugeBody(url: string, totalBytes: number, declareLength: boolean): Promise<StreamResult> {
  const u = new URL(url);
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    let written = 0;
    let settled = false;
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    if (declareLength) headers['content-length'] = String(totalBytes);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers });
    const done = (r: StreamResult | Error) => {
      if (settled) return;
      settled = true;
      req.destroy();
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, body, clientWrote: written }));
      res.on('error', () => done({ status: res.statusCode ?? 0, body, clientWrote: written }));
    });
    req.on('error', (e) => done(new Error(`closed without an answer after ${written} bytes: ${e.message}`)));
    const pump = (): void => {
      while (!settled && written < totalBytes) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!settled) req.end();
    };
    pump();
  });
}

test('a body far over the limit is refused with 413 long before it is all sent, chunked or with Content-Length', async () => {
  s = await startTestEndpoint({ maxBodyBytes: 64 * 1024 });
  const total = 512 * 1024 * 1024;
  for (const declareLength of [false, true]) {
    const r = await streamHugeBody(s.metricsUrl, total, declareLength);
    expect(r.status).toBe(413);
    const json = JSON.parse(r.body);
    expect(isGraphEnvelope(json)).toBe(true);
    expect(json.error.error_subcode).toBe(SUBCODE.bodyTooLarge);
    expect(json.error.message).toMatch(/larger than 65536 bytes/);
    // the server stopped reading: only socket buffers' worth left the client, not 512 MiB
    expect(r.clientWrote).toBeLessThan(64 * 1024 * 1024);
  }
  const records = s.endpoint.allRequests();
  expect(records.map((r) => r.outcome.status)).toEqual([413, 413]);
  // bytes the server read: at most the limit plus the chunk that crossed it; none when declared
  expect(records[0]?.bodyBytes).toBeLessThanOrEqual(64 * 1024 + 256 * 1024);
  expect(records[1]?.bodyBytes).toBe(0);
  // and it still serves
  s.endpoint.markCallEnded('c_after', Date.now());
  expect((await post(s.metricsUrl, tablePayload('c_after'))).json).toEqual({ success: true });
});

test('invalid UTF-8 is a 400 naming the byte offset', async () => {
  s = await startTestEndpoint();
  const bytes = Buffer.concat([Buffer.from('{"platform": "mess'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  const a = await post(s.metricsUrl, new Uint8Array(bytes));
  expect(a.status).toBe(400);
  expect(a.json.error.error_subcode).toBe(SUBCODE.invalidUtf8);
  expect(a.json.error.message).toMatch(/not valid UTF-8: bad byte sequence at byte 18/);
});

/** Bodies that must never be accepted: none names a registered call. */
function badBodies(): fc.Arbitrary<{ kind: string; bytes: Uint8Array }> {
  const text = (kind: string, arb: fc.Arbitrary<string>) => arb.map((t) => ({ kind, bytes: new TextEncoder().encode(t) }));
  const valid = tablePayload('c_never_registered');
  const fields = ['platform', 'call_id', 'end_call_reason', 'call_ended_time', 'first_audio_packet_received_time', 'audio_stats', 'audio_stats.jitter', 'audio_stats.packets_lost'];
  const wrongValue = fc.oneof(fc.string(), fc.double(), fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
  return fc.oneof(
    text('anything', fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v))),
    text(
      'wrong type',
      fc.tuple(fc.constantFrom(...fields), wrongValue).map(([path, value]) => {
        const body = structuredClone(valid) as Record<string, any>;
        const [a, b] = path.split('.') as [string, string | undefined];
        if (b === undefined) body[a] = value;
        else body[a][b] = value;
        return JSON.stringify(body);
      }),
    ),
    text('huge string', fc.integer({ min: 1_000, max: 200_000 }).map((n) => JSON.stringify({ ...valid, end_call_subreason: 'x'.repeat(n), call_id: 7 }))),
    text('deep nesting', fc.integer({ min: 50, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d))),
    text('deep object', fc.integer({ min: 50, max: 5_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d))),
    text('broken JSON', fc.string({ maxLength: 200 }).map((t) => `{"platform": ${t}`)),
    text('empty', fc.constant('')),
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => ({ kind: 'invalid UTF-8', bytes: Uint8Array.from([...b, 0xff, 0xfe]) })),
  );
}

test('1,000 generated bad bodies: each a 4xx Graph envelope, and the server still serves', async () => {
  test.setTimeout(120_000);
  s = await startTestEndpoint();
  const kinds = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(badBodies(), async ({ kind, bytes }) => {
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const a = await post(s.metricsUrl, bytes);
      expect(a.status, `${kind}: ${a.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
      expect(isGraphEnvelope(a.json), `${kind}: ${a.text.slice(0, 200)}`).toBe(true);
    }),
    { numRuns: 1000, seed: 20_251_124 },
  );
  expect([...kinds.values()].reduce((x, y) => x + y, 0)).toBe(1000);
  expect(kinds.size).toBe(8);
  s.endpoint.markCallEnded('c_fine', Date.now());
  expect((await post(s.metricsUrl, tablePayload('c_fine'))).json).toEqual({ success: true });
  expect(s.endpoint.allRequests()).toHaveLength(1001);
});
