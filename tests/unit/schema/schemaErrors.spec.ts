/**
 * The one formatter every input surface reports through: what a user reads for each kind of
 * mistake. Schemas here are small stand-ins built the way the product's are (TypeBox).
 */
import { test, expect } from '@playwright/test';
import { Type } from '@sinclair/typebox';
import { schemaErrors } from '../../../harness/schema/schemaErrors.ts';

const Ratio = Type.Number({ minimum: 0, maximum: 1 });
const Shape = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    delayMs: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    loss: Type.Optional(
      Type.Union([
        Ratio,
        Type.Object({ model: Type.Literal('random'), rate: Ratio }, { additionalProperties: false }),
        Type.Object({ model: Type.Literal('burst'), rate: Ratio, burst: Type.Union([Type.Literal('short'), Type.Literal('long')]) }, { additionalProperties: false }),
      ]),
    ),
    every: Type.Optional(Type.String({ pattern: '^\\d+s$', expected: 'a number of seconds like 30s' })),
    tags: Type.Optional(Type.Array(Type.String(), { uniqueItems: true, maxItems: 2 })),
    limits: Type.Optional(Type.Record(Type.String(), Type.Number())),
  },
  { additionalProperties: false },
);

test('a valid value has no errors', () => {
  expect(schemaErrors(Shape, { name: 'a', loss: { model: 'burst', rate: 0.1, burst: 'long' }, limits: { 'audio.loss_pct': 1 } })).toEqual([]);
});

test('every mistake is one sentence naming the path, the constraint and the value found', () => {
  expect(schemaErrors(Shape, { count: 2.5, delayMs: 0, every: '30', tags: ['a', 'a', 'b'], extra: true }, 'peer')).toEqual([
    'peer.name is required (a non-empty string)',
    'peer.extra is not a known field (known: name, count, delayMs, loss, every, tags, limits)',
    'peer.count must be an integer 1..10, got 2.5',
    'peer.delayMs must be > 0, got 0',
    "peer.every must be a number of seconds like 30s, got '30'",
    'peer.tags must have at most 2 entries, got 3',
    "peer.tags must not repeat an entry: entries 0 and 1 are both 'a'",
  ]);
});

test('a union reports only the branch the value means', () => {
  const at = (loss: unknown) => schemaErrors(Shape, { name: 'a', loss });
  expect(at(5)).toEqual(['loss must be 0..1, got 5']);
  expect(at({ model: 'random', rate: 2 })).toEqual(['loss.rate must be 0..1, got 2']);
  expect(at({ model: 'burst', rate: 0.1, burst: 'huge' })).toEqual(["loss.burst must be one of 'short', 'long', got 'huge'"]);
  expect(at({ model: 'markov' })).toEqual(["loss.model must be one of 'random', 'burst', got 'markov'"]);
  expect(at('lots')).toEqual(["loss must be a number 0..1 or an object with model 'random' or an object with model 'burst', got 'lots'"]);
});

test('paths read as written: list indexes in brackets, keys that are not names quoted', () => {
  expect(schemaErrors(Shape, { name: 'a', limits: { 'audio.loss_pct': 'high' } }, 'expect')).toEqual(['expect.limits["audio.loss_pct"] must be a number, got \'high\'']);
  expect(schemaErrors(Type.Array(Shape), [{ name: '' }])).toEqual(["[0].name must be a non-empty string, got ''"]);
  expect(schemaErrors(Shape, 7)).toEqual(['(root) must be an object, got 7']);
});

test('a long list of allowed values is counted, not listed', () => {
  const Reason = Type.Union(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((v) => Type.Literal(v)));
  expect(schemaErrors(Type.Object({ reason: Reason }), { reason: 'z' })).toEqual(["reason must be one of the 7 allowed values, got 'z'"]);
});
