import { test, expect } from '@playwright/test';
import { CallsoakOptionsError, parseImpairOptions, parsePlaceCallOptions } from '../../../harness/test/placeCallOptions.ts';
import { parseCallsoakOptions } from '../../../harness/test/callsoakOptions.ts';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CallsoakOptionsError);
    return (error as Error).message;
  }
  throw new Error('expected it to throw');
}

test('placeCall: an unknown network profile is named by its field, with the known profiles', () => {
  const message = messageOf(() => parsePlaceCallOptions({ network: '5g' }));
  expect(message).toMatch(/^callsoak\.placeCall\(\): network '5g' is not a known profile \(known: .*\b4g\b.*\)$/);
});

test('placeCall: a bad field inside a network spec names its path; an unknown option names itself', () => {
  expect(messageOf(() => parsePlaceCallOptions({ businessNetwork: { profile: 'wifi', up: { loss: 2 } } }))).toContain('businessNetwork.up.loss');
  expect(messageOf(() => parsePlaceCallOptions({ netwrok: '4g' }))).toContain('netwrok');
  expect(messageOf(() => parsePlaceCallOptions({ maxTalkSeconds: 0 }))).toContain('maxTalkSeconds');
  expect(messageOf(() => parsePlaceCallOptions({ name: 'Not Kebab' }))).toContain('name');
});

test('placeCall: profile names, network specs and no options at all are accepted', () => {
  expect(parsePlaceCallOptions(undefined)).toEqual({});
  expect(parsePlaceCallOptions({ network: '4g' })).toEqual({ network: '4g' });
  const spec = { network: { profile: 'wifi', down: { delayMs: 40 } }, businessNetwork: 'clean', maxTalkSeconds: 30, name: 'my-call' };
  expect(parsePlaceCallOptions(spec)).toEqual(spec);
});

test('impair: role and direction default to the consumer, both ways; a bad impairment field is named', () => {
  expect(parseImpairOptions({ impairment: { loss: 0.1 } })).toEqual({ role: 'consumer', direction: 'both', impairment: { loss: 0.1 } });
  expect(messageOf(() => parseImpairOptions({ role: 'agent', impairment: {} }))).toMatch(/^call\.impair\(\): role /);
  expect(messageOf(() => parseImpairOptions({ impairment: { delayMs: -5 } }))).toContain('impairment.delayMs');
  expect(messageOf(() => parseImpairOptions({}))).toContain('impairment');
});

test('callsoakOptions: a bad field is named under callsoakOptions', () => {
  expect(parseCallsoakOptions(undefined)).toEqual({});
  expect(messageOf(() => parseCallsoakOptions({ seed: -1 }))).toContain('callsoakOptions.seed');
  expect(messageOf(() => parseCallsoakOptions({ sampleIntervalMs: 10 }))).toContain('callsoakOptions.sampleIntervalMs');
});
