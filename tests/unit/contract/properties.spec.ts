import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { END_CALL_REASONS } from '../../../harness/contract/endCallReasons.ts';
import { specTransform, specTransformWithNotes } from '../../../harness/contract/transforms/specTransform.ts';
import { documentedTransform } from '../../../harness/contract/transforms/documentedTransform.ts';
import { validatePayload, parseJsonWithPosition } from '../../../harness/contract/validatePayload.ts';
import { jsonPathPositions } from '../../../harness/contract/parseJsonWithPosition.ts';
import { joinPath } from '../../../harness/contract/fieldPath.ts';
import { contractChecks } from '../../../harness/contract/contractChecks.ts';
import type { CallContext } from '../../../harness/contract/transforms/transformTypes.ts';

/** Runs per property: enough to hit the odd corners, short on a shared 2-core machine. */
const RUNS = 300;
/** Fixed seed so a failure reproduces; fast-check prints the counterexample either way. */
const SEED = 4242;

/** A stats value as browsers (and broken browsers) give it: usual numbers, or missing / NaN / negative / huge. */
const statNumber = (max: number, integer: boolean) =>
  fc.oneof(
    { weight: 6, arbitrary: integer ? fc.integer({ min: 0, max }) : fc.double({ min: 0, max, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, -1, -7, 0, 1e15, 2.5) },
  );

const inboundRtp = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 6 }).map((s) => `IT${s}`),
    type: fc.constant('inbound-rtp'),
    kind: fc.constantFrom('audio', 'audio', 'audio', 'video', undefined),
    mediaType: fc.constantFrom('audio', undefined),
    ssrc: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
    trackIdentifier: fc.constantFrom('t1', 't2', undefined),
    mid: fc.constantFrom('0', '1', undefined),
    packetsReceived: statNumber(100_000, true),
    packetsLost: fc.oneof(statNumber(5_000, true), fc.integer({ min: -50, max: -1 })),
    jitter: statNumber(0.5, false),
    jitterBufferDelay: statNumber(100_000, false),
    jitterBufferEmittedCount: statNumber(10_000_000, true),
    concealedSamples: statNumber(1_000_000, true),
    silentConcealedSamples: statNumber(1_000_000, true),
    totalSamplesDuration: statNumber(10_000, false),
    lastPacketReceivedTimestamp: fc.option(fc.integer({ min: 1.7e12, max: 1.8e12 }), { nil: undefined }),
  },
  { requiredKeys: ['id', 'type'] },
);

const remoteInboundRtp = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 6 }).map((s) => `RI${s}`),
    type: fc.constant('remote-inbound-rtp'),
    kind: fc.constantFrom('audio', 'video', undefined),
    totalRoundTripTime: statNumber(1_000, false),
    roundTripTimeMeasurements: statNumber(10_000, true),
    roundTripTime: statNumber(2, false),
  },
  { requiredKeys: ['id', 'type'] },
);

const others = fc.constantFrom<Record<string, unknown>[]>(
  [],
  [{ id: 'CP', type: 'candidate-pair', nominated: true, state: 'succeeded', totalRoundTripTime: 0.05, responsesReceived: 10 }],
  [
    { id: 'CP', type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: 0.004 },
    { id: 'T', type: 'transport', selectedCandidatePairId: 'CP' },
  ],
  [{ id: 'X', type: 'codec', mimeType: 'audio/opus' }],
);

/** A snapshot: any mix of inbound-rtp (several SSRCs, tracks), remote-inbound-rtp and other reports, in any order. */
const snapshot = fc
  .tuple(fc.array(inboundRtp, { maxLength: 4 }), fc.array(remoteInboundRtp, { maxLength: 3 }), others)
  .chain(([a, b, c]) => fc.shuffledSubarray([...a, ...b, ...c], { minLength: a.length + b.length + c.length }))
  .map((reports) => reports.map((r, i) => ({ ...r, id: `${String(r.id)}-${i}` }) as Record<string, unknown>));

const context: fc.Arbitrary<CallContext> = fc
  .record({
    callId: fc.string({ minLength: 1, maxLength: 40 }),
    endCallReason: fc.constantFrom(...END_CALL_REASONS),
    endCallSubreason: fc.string({ maxLength: 40 }),
    callEndedTime: fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }),
    firstAudioLead: fc.option(fc.integer({ min: 0, max: 3_600 }), { nil: null }),
  })
  .map(({ firstAudioLead, ...rest }) => ({ ...rest, firstAudioPacketReceivedTime: firstAudioLead === null ? null : rest.callEndedTime - firstAudioLead }));

const asReport = (reports: Record<string, unknown>[]) => new Map(reports.map((r) => [String(r.id), r]));

test('spec transform: any snapshot → a schema-valid table payload, non-negative integers, silent ≤ concealed', () => {
  fc.assert(
    fc.property(snapshot, context, (reports, ctx) => {
      const payload = specTransform(asReport(reports), ctx);
      expect(validatePayload(payload, 'table')).toEqual([]);
      const audio = payload.audio_stats as Record<string, number>;
      for (const key of ['packets_lost', 'packets_received', 'concealed_samples', 'silent_concealed_samples', 'call_ended_time']) {
        expect(Number.isInteger(audio[key]) && audio[key]! >= 0, `${key} = ${audio[key]}`).toBe(true);
      }
      expect(audio.silent_concealed_samples).toBeLessThanOrEqual(audio.concealed_samples!);
      expect(audio.call_ended_time).toBe(payload.call_ended_time);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('spec transform: deterministic, and independent of the order the report lists its stats', () => {
  fc.assert(
    fc.property(snapshot, context, (reports, ctx) => {
      const once = JSON.stringify(specTransformWithNotes(asReport(reports), ctx));
      expect(JSON.stringify(specTransformWithNotes(asReport(reports), ctx))).toBe(once);
      expect(JSON.stringify(specTransform(asReport([...reports].reverse()), ctx))).toBe(JSON.stringify(JSON.parse(once).payload));
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('spec transform: a negative packetsLost in the chosen receiver is never sent and always noted', () => {
  fc.assert(
    fc.property(snapshot, context, (reports, ctx) => {
      const { payload, notes } = specTransformWithNotes(asReport(reports), ctx);
      expect((payload.audio_stats as { packets_lost: number }).packets_lost).toBeGreaterThanOrEqual(0);
      const negativeNotes = notes.filter((n) => n.field === 'audio_stats.packets_lost' && /reports packetsLost -\d/.test(n.message));
      const facts = contractChecks({ payload, transformName: 'spec', finalStats: reports, context: ctx, callEndedAtMs: ctx.callEndedTime * 1000, firstAudioAtMs: null });
      const warning = facts.find((c) => c.id === 'contract.packets_lost.negative_in_stats')!;
      expect(warning.ok).toBe(negativeNotes.length === 0);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('spec payloads pass every error-severity contract check on the snapshot they came from', () => {
  fc.assert(
    fc.property(snapshot, context, (reports, ctx) => {
      const payload = specTransform(asReport(reports), ctx);
      const results = contractChecks({
        payload,
        transformName: 'spec',
        finalStats: reports,
        context: ctx,
        callEndedAtMs: ctx.callEndedTime * 1000 + 400,
        firstAudioAtMs: ctx.firstAudioPacketReceivedTime === null ? null : ctx.firstAudioPacketReceivedTime * 1000 + 100,
        recompute: () => specTransform(asReport(reports), ctx),
      });
      expect(results.filter((r) => !r.ok && r.severity === 'error')).toEqual([]);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('documented transform and the checks never throw on any snapshot; the checks never throw on any payload', () => {
  fc.assert(
    fc.property(snapshot, context, fc.anything(), (reports, ctx, junk) => {
      const payload = documentedTransform(asReport(reports), ctx);
      const base = { transformName: 'x', finalStats: reports, context: ctx, callEndedAtMs: ctx.callEndedTime * 1000, firstAudioAtMs: null };
      for (const body of [payload, junk]) {
        const results = contractChecks({ ...base, payload: body });
        // plain assertion in the loop: Playwright's expect costs ~1 ms a call, thousands here
        const silent = results.filter((r) => typeof r.message !== 'string' || r.message.length === 0).map((r) => r.id);
        expect(silent).toEqual([]);
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('the validator never throws on arbitrary JSON values and every message names its path', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom('table' as const, 'example' as const), (value, variant) => {
      for (const issue of validatePayload(value, variant)) {
        expect(issue.message.startsWith(issue.path === '' ? 'the payload ' : `${issue.path} `), issue.message).toBe(true);
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('the validator names the field when one field of a valid payload is replaced by anything', () => {
  const valid = (ctx: CallContext) => specTransform(asReport([]), ctx) as Record<string, any>;
  const fields = ['platform', 'call_id', 'end_call_reason', 'call_ended_time', 'audio_stats.jitter', 'audio_stats.packets_lost', 'audio_stats.call_ended_time', 'audio_stats.round_trip_time_ms'];
  fc.assert(
    fc.property(context, fc.constantFrom(...fields), fc.jsonValue(), (ctx, field, value) => {
      const body = valid(ctx);
      const [head, tail] = field.split('.') as [string, string | undefined];
      if (tail === undefined) body[head] = value;
      else body[head][tail] = value;
      const issues = validatePayload(body, 'table');
      if (issues.length > 0) expect(issues.some((i) => i.path === field || i.path.startsWith(`${field}.`)), JSON.stringify(issues)).toBe(true);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('parseJsonWithPosition agrees with JSON.parse and always points inside the text', () => {
  const texts = fc.oneof(
    fc.json(),
    fc.json().map((t) => t.replace(/([}\]])$/, ',$1')),
    fc.json().chain((t) => fc.nat(t.length).map((cut) => t.slice(0, cut))),
    fc.string(),
  );
  fc.assert(
    fc.property(texts, (text) => {
      let expected: { ok: boolean; value?: unknown };
      try {
        expected = { ok: true, value: JSON.parse(text) };
      } catch {
        expected = { ok: false };
      }
      const got = parseJsonWithPosition(text);
      expect(got.ok).toBe(expected.ok);
      if (got.ok) expect(got.value).toEqual(expected.value);
      else {
        expect(got.offset).toBeGreaterThanOrEqual(0);
        expect(got.offset).toBeLessThanOrEqual(text.length);
        expect(got.line).toBe(text.slice(0, got.offset).split(/\r\n|\r|\n/).length);
      }
    }),
    { numRuns: RUNS * 3, seed: SEED },
  );
});

/** Every object member as [path, key] and every array item as [path, item], depth first. */
function members(value: unknown, path = ''): Array<[string, { key: string } | { item: unknown }]> {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[joinPath(path, String(i)), { item }] as [string, { item: unknown }], ...members(item, joinPath(path, String(i)))]);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [[joinPath(path, key), { key }] as [string, { key: string }], ...members(child, joinPath(path, key))]);
}

test('jsonPathPositions points every member at its key and every item at its value, whatever the line endings and characters', () => {
  const documents = fc.record({
    value: fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 3 }),
    indent: fc.constantFrom(0, 1, 2),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
  });
  fc.assert(
    fc.property(documents, ({ value, indent, eol }) => {
      // JSON.stringify escapes line breaks inside strings: every raw \n is indentation's
      const text = JSON.stringify(value, null, indent).replace(/\n/g, eol);
      const lines = text.split(/\r\n|\r|\n/);
      const positions = jsonPathPositions(text);
      for (const [path, member] of members(value)) {
        const at = positions.get(path);
        expect(at, path).toBeDefined();
        const rest = (lines[at!.line - 1] ?? '').slice(at!.column - 1);
        const expected = 'key' in member ? JSON.stringify(member.key) : (JSON.stringify(member.item) ?? '').slice(0, 1);
        expect(rest.startsWith(expected), `${path} at ${at!.line}:${at!.column} in ${JSON.stringify(text)}`).toBe(true);
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
});
