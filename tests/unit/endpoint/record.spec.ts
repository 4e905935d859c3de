/**
 * The durable record: one complete JSON line per request, written before the answer, readable
 * after the run, surviving a kill -9 of the process mid-load without losing a line whose answer
 * left (only the unanswered line being written at the kill can be cut).
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecord, readRecordDetailed, startEndpoint } from '../../../harness/endpoint/startEndpoint.ts';
import { PAGE_ID, TOKEN, post, startTestEndpoint, tablePayload } from './endpointFixture.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

test('every request is a line, in memory and on disk alike, with time, headers, body and answer', async () => {
  const s = await startTestEndpoint();
  s.endpoint.markCallEnded('c_1', Date.now());
  await post(s.metricsUrl, '{oops');
  await post(s.metricsUrl, tablePayload('c_1'), { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'user-agent': 'probe/1' });
  await fetch(s.metricsUrl, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1' } });
  const memory = s.endpoint.allRequests();
  await s.endpoint.close();
  const disk = readRecord(s.recordPath);
  expect(disk).toEqual(memory);
  expect(disk.map((r) => [r.seq, r.method, r.outcome.status])).toEqual([
    [1, 'POST', 400],
    [2, 'POST', 200],
    [3, 'OPTIONS', 204],
  ]);
  const ok = disk[1]!;
  expect(ok.callId).toBe('c_1');
  expect(ok.headers['user-agent']).toBe('probe/1');
  expect(ok.body).toEqual(tablePayload('c_1', (ok.body as { call_ended_time: number }).call_ended_time));
  expect(ok.bodySha256).toMatch(/^[0-9a-f]{64}$/);
  expect(ok.outcome).toEqual({ status: 200, response: { success: true }, accepted: true });
  expect(ok.respondedAtMs).toBeGreaterThanOrEqual(ok.receivedAtMs);
  expect(disk[0]!.body).toBe('{oops');
});

test('readRecord names a damaged line; a torn tail is skipped, reported, and repaired when the file is reopened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-record-'));
  const path = join(dir, 'r.jsonl');
  const s = await startTestEndpoint({ recordPath: path });
  await post(s.metricsUrl, '{');
  await s.endpoint.close();
  appendFileSync(path, '{"seq": 2, "receivedAt');
  expect(readRecord(path)).toHaveLength(1);
  expect(readRecordDetailed(path).tornTail).toBe('{"seq": 2, "receivedAt');
  // a new endpoint on the same file continues after the last complete line, on a fresh line
  const again = await startTestEndpoint({ recordPath: path });
  await post(again.metricsUrl, '{');
  await again.endpoint.close();
  const readout = readRecordDetailed(path);
  expect(readout.records.map((r) => r.seq)).toEqual([1, 2]);
  expect(readout.badLines).toEqual([{ line: 2, text: '{"seq": 2, "receivedAt' }]);
  expect(() => readRecord(path)).toThrow(/r\.jsonl:2: not a JSON record line/);
  writeFileSync(path, 'not json\n');
  expect(() => readRecord(path)).toThrow(/:1: not a JSON record line/);
});

test('kill -9 mid-load leaves a record holding every accepted answer, at most its unanswered last line cut', async () => {
  test.setTimeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-crash-'));
  const recordPath = join(dir, 'requests.jsonl');
  const calls = 4000;
  const child = spawn(process.execPath, ['bin/run-ts.js', 'tests/unit/endpoint/fixtures/endpointChild.ts', recordPath, String(calls)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const acceptedByClient = new Set<string>();
    let answered = 0;
    const postOne = (i: number) =>
      new Promise<void>((resolve) => {
        // half the bodies are ~9 KB, so their lines span more than one page of the file
        const body = JSON.stringify({ ...tablePayload(`c_${i}`), end_call_subreason: i % 2 ? 'x'.repeat(9000) : 'short' });
        const req = http.request(`${url}/${PAGE_ID}/call_metrics`, {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => {
            answered++;
            if (text === '{"success":true}') acceptedByClient.add(`c_${i}`);
            resolve();
          });
          res.on('error', () => resolve());
        });
        req.on('error', () => resolve());
        req.end(body);
      });
    let next = 0;
    const worker = async () => {
      while (next < calls) await postOne(next++);
    };
    const load = Promise.all(Array.from({ length: 32 }, worker));
    // kill while requests are in flight: after a few hundred answers, long before the 4000th
    const deadline = Date.now() + 20_000;
    while (answered < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await load;
    agent.destroy();
    expect(answered).toBeGreaterThanOrEqual(300);
    expect(answered).toBeLessThan(calls);

    const readout = readRecordDetailed(recordPath);
    expect(readout.badLines).toEqual([]);
    expect(readRecord(recordPath)).toEqual(readout.records);
    // Linux copies a write(2) page by page and stops at a pending SIGKILL, so a line longer than
    // a page can be cut. Only the line being written when
    // the kill came can be cut, and its answer never left: it is the next seq, unanswered.
    if (readout.tornTail !== null) {
      const lastSeq = readout.records.at(-1)?.seq ?? 0;
      expect(readout.tornTail.startsWith(`{"seq":${lastSeq + 1},`)).toBe(true);
      const tornCall = /"callId":"(c_\d+)"/.exec(readout.tornTail)?.[1];
      if (tornCall) expect(acceptedByClient.has(tornCall)).toBe(false);
    } else {
      expect(readFileSync(recordPath, 'utf8').endsWith('\n')).toBe(true);
    }
    const acceptedInRecord = new Set(readout.records.filter((r) => r.outcome.accepted).map((r) => r.callId));
    const missing = [...acceptedByClient].filter((id) => !acceptedInRecord.has(id));
    expect(missing).toEqual([]);
    expect(acceptedByClient.size).toBeGreaterThanOrEqual(300);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

test('a record that cannot be written (a full disk): the submission is answered 503, transient, and nothing is accepted', async () => {
  // /dev/full takes the open and refuses every write with ENOSPC, as a full disk does
  const endpoint = await startEndpoint({ pageId: PAGE_ID, accessToken: TOKEN, recordPath: '/dev/full' });
  try {
    endpoint.markCallEnded('c_full_disk', Date.now() - 1000);
    const url = `${endpoint.url}/${PAGE_ID}/call_metrics`;
    const first = await post(url, tablePayload('c_full_disk'));
    expect([first.status, first.json?.error?.code, first.json?.error?.is_transient]).toEqual([503, 2, true]);
    // not accepted: a retry is not "already submitted", and the endpoint is still up
    const retry = await post(url, tablePayload('c_full_disk'));
    expect(retry.status).toBe(503);
    expect(endpoint.requestsFor('c_full_disk')).toEqual([]);
  } finally {
    await endpoint.close();
  }
});
