import { test, expect } from '@playwright/test';
import { callNameOf, callScenario } from '../../../harness/test/callScenario.ts';
import { DEFAULT_MAX_TALK_SECONDS } from '../../../harness/test/placeCallOptions.ts';

test("a placed call's scenario: call, ring, answer, talk, the consumer hangs up; Hangup_Call expected", () => {
  const scenario = callScenario({}, 'a-call-1', 'tests/call.spec.ts');
  expect(scenario.timeline.map((s) => s.do)).toEqual(['call', 'ring', 'answer', 'talk', 'hangup']);
  expect(scenario.timeline[4]).toEqual({ do: 'hangup', by: 'consumer' });
  expect(scenario.expectedEndCallReason).toBe('Hangup_Call');
  expect(scenario.talkSeconds).toBe(DEFAULT_MAX_TALK_SECONDS);
  expect(scenario.peers).toBeUndefined();
  expect(scenario).toMatchObject({ id: 'a-call-1', file: 'tests/call.spec.ts' });
});

test('its networks go to each side, and maxTalkSeconds bounds the talk', () => {
  const scenario = callScenario({ network: '4g', businessNetwork: { profile: 'wifi' }, maxTalkSeconds: 5 }, 'c-1', 'f.ts');
  expect(scenario.peers).toEqual({ consumer: { network: '4g' }, business: { network: { profile: 'wifi' } } });
  expect(scenario.talkSeconds).toBe(5);
});

test('call names are kebab-case from the test title, numbered', () => {
  expect(callNameOf('A 4G call, impaired mid-call!', 2)).toBe('a-4g-call-impaired-mid-call-2');
  expect(callNameOf('***', 1)).toBe('call-1');
  expect(callNameOf('x'.repeat(200), 1)).toHaveLength(72);
});
