/**
 * The edge in the caller's event loop (isolation 'in-process'), without a browser: a leg that is
 * answered but never heard from is reported gone once, after livenessMs; Meta's offers need a
 * business leg; a released call's legs are gone from the edge, its final report kept.
 */
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { startMediaEdge } from '../../../../harness/platform/edge/startMediaEdge.ts';
import { CHROMIUM_OFFER, CHROMIUM_OFFER_WITHOUT_DTMF } from './support/chromiumOffer.ts';

/** local addresses (hex ip:port as /proc/net/udp writes them) of the UDP sockets this process holds (Linux) */
function ownUdpSockets(): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed while we looked
    }
  }
  const rows = ['/proc/net/udp', '/proc/net/udp6'].flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').slice(1));
  return rows.map((row) => row.trim().split(/\s+/)).filter((cols) => inodes.has(cols[9]!)).map((cols) => cols[1]!);
}

test('a silent leg is gone once after livenessMs; offers need the business leg; release frees the call', async () => {
  const gone: string[] = [];
  const edge = await startMediaEdge({ isolation: 'in-process', livenessMs: 300, onLegGone: (callId, leg) => gone.push(`${callId} ${leg}`) });
  try {
    expect(edge.isolation).toBe('in-process');
    await expect(edge.consumerOffer('c1', 1)).rejects.toThrow(/no business leg/);
    const consumerAnswer = await edge.answerConsumer('c1', CHROMIUM_OFFER);
    expect(consumerAnswer).toMatch(/^a=rtpmap:110 telephone-event\/48000\r$/m);
    const { answer } = await edge.answer(CHROMIUM_OFFER_WITHOUT_DTMF, 'c1');
    expect(answer).not.toContain('telephone-event');
    expect(answer).toMatch(/^a=fmtp:111 maxaveragebitrate=20000;/m);
    // every socket the legs opened is on 127.0.0.1 (0100007F in /proc/net/udp)
    const sockets = ownUdpSockets();
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    for (const local of sockets) expect(local).toMatch(/^0100007F:/);
    await expect(edge.answer(CHROMIUM_OFFER, 'c1')).rejects.toThrow(/already has a business leg/);
    const update = await edge.consumerOffer('c1', 1);
    expect(update).toMatch(/^a=group:BUNDLE 0 1\r$/m);
    // o= versions go up: answer (offer's 2 + 1), then each offer of the edge + 1
    expect(/^o=\S+ \S+ (\d+)/m.exec(update)![1]).toBe('4');
    expect(/^o=\S+ \S+ (\d+)/m.exec(await edge.consumerOffer('c1', 2))![1]).toBe('5');
    await expect.poll(() => gone.sort(), { timeout: 3_000 }).toEqual(['c1 business', 'c1 consumer']);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(gone).toHaveLength(2);
    expect((await edge.report('c1')).received).toEqual({ consumer: 0, business: 0 });
    edge.release('c1');
    // released: its legs are gone (Meta's offers need a business leg again), its final report stays readable
    await expect.poll(() => edge.report('c1').then((r) => r.differences.length > 0)).toBe(true);
    await expect(edge.consumerOffer('c1', 2)).rejects.toThrow(/no business leg/);
  } finally {
    await edge.close();
  }
});
