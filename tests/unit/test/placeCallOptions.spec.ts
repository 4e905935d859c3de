import { test, expect } from '@playwright/test';
import { CallsoakOptionsError, parseImpairOptions, parsePlaceCallOptions } from '../../../harness/test/placeCallOptions.ts';
import { externalBusinessOf, parseCallsoakOptions } from '../../../harness/test/callsoakOptions.ts';

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
  expect(parseCallsoakOptions(undefined, '/base')).toEqual({});
  expect(messageOf(() => parseCallsoakOptions({ seed: -1 }, '/base'))).toContain('callsoakOptions.seed');
  expect(messageOf(() => parseCallsoakOptions({ sampleIntervalMs: 10 }, '/base'))).toContain('callsoakOptions.sampleIntervalMs');
});

test("callsoakOptions: the team's own integration takes the external business config's fields; paths are relative to the config", () => {
  const options = parseCallsoakOptions({ businessCommand: 'node server.js', businessCwd: '../integration', businessDriver: 'driver.js', transform: 'documented', submitter: '/abs/submit.js' }, '/team/suite');
  expect(options).toMatchObject({ businessCwd: '/team/integration', businessDriver: '/team/suite/driver.js', transform: 'documented', submitter: '/abs/submit.js' });
  expect(externalBusinessOf(options)).toEqual({ businessCommand: 'node server.js', businessCwd: '/team/integration', businessDriver: '/team/suite/driver.js', businessReadyTimeout: '30s' });
  expect(externalBusinessOf(parseCallsoakOptions({ seed: 3 }, '/x'))).toBeUndefined();
  expect(externalBusinessOf(parseCallsoakOptions({ webhookUrl: 'http://127.0.0.1:8080/webhook', businessReadyTimeout: '5s' }, '/x'))).toEqual({ webhookUrl: 'http://127.0.0.1:8080/webhook', businessReadyTimeout: '5s' });
});

test('callsoakOptions: integration fields without webhookUrl or businessCommand, or a webhook off loopback, are named', () => {
  expect(messageOf(() => parseCallsoakOptions({ businessDriver: 'driver.js' }, '/x'))).toContain('callsoakOptions.businessDriver is for your own integration, which needs callsoakOptions.webhookUrl');
  expect(messageOf(() => parseCallsoakOptions({ webhookUrl: 'http://127.0.0.1:1/w', businessCwd: 'x' }, '/x'))).toContain('callsoakOptions.businessCwd needs callsoakOptions.businessCommand');
  expect(messageOf(() => parseCallsoakOptions({ webhookUrl: 'http://example.com/webhook' }, '/x'))).toContain('callsoakOptions.webhookUrl');
});
