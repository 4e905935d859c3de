/**
 * The edge in the caller's event loop (isolation 'in-process'), without a browser: a leg that is
 * answered but never heard from is reported gone once, after livenessMs; Meta's offers need a
 * business leg; a released call is gone from the edge.
 */
import { test, expect } from '@playwright/test';
import { startMediaEdge } from '../../../../harness/platform/edge/startMediaEdge.ts';
import { CHROMIUM_OFFER, CHROMIUM_OFFER_WITHOUT_DTMF } from './support/chromiumOffer.ts';

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
    await expect.poll(() => edge.report('c1').then(() => 'there', () => 'released')).toBe('released');
  } finally {
    await edge.close();
  }
});
