import { test, expect } from '@playwright/test';
import { comparePayloads } from '../../../harness/contract/comparePayloads.ts';
import { compareTransforms, callContextFrom } from '../../../harness/contract/compareTransforms.ts';
import { validatePayload } from '../../../harness/contract/validatePayload.ts';
import { CALL_END_MS, CONTEXT, eightSecondCall, FIRST_AUDIO_MS } from './fixtures/chromiumSnapshot.ts';

test('comparePayloads lists each differing leaf with every payload’s value; absent fields have no key', () => {
  const differences = comparePayloads({
    a: { x: 1, nested: { same: 'y', changed: 1, onlyA: true }, list: [1, 2] },
    b: { x: 1, nested: { same: 'y', changed: 2 }, list: [1, 2], onlyB: null },
  });
  expect(differences).toEqual([
    { field: 'nested.changed', values: { a: 1, b: 2 } },
    { field: 'nested.onlyA', values: { a: true } },
    { field: 'onlyB', values: { b: null } },
  ]);
  expect(comparePayloads({ a: { k: [1, { z: 1, y: 2 }] }, b: { k: [1, { y: 2, z: 1 }] } })).toEqual([]);
  expect(comparePayloads({ only: { a: 1 } })).toEqual([]);
});

test('compareTransforms records spec, documented and the posted payload from one snapshot', () => {
  const context = callContextFrom({ callId: CONTEXT.callId, reason: 'Hangup_Call', subreason: 'Consumer hung up', endedAtMs: CALL_END_MS, firstAudioAtMs: FIRST_AUDIO_MS });
  expect(context).toEqual(CONTEXT);
  const posted = { team: 'payload' };
  const record = compareTransforms({ chosen: './team-transform.js', posted, finalStats: eightSecondCall(), context });
  expect(Object.keys(record.payloads)).toEqual(['spec', 'documented', './team-transform.js']);
  expect(record.payloads['./team-transform.js']).toBe(posted);
  expect(validatePayload(record.payloads.spec, 'table')).toEqual([]);
  expect(record.specNotes).toEqual([]);
  const rtt = record.differences.filter((d) => d.field.startsWith('audio_stats.round_trip_time'));
  expect(rtt).toEqual([
    { field: 'audio_stats.round_trip_time_ms', values: { spec: 20.2 } },
    { field: 'audio_stats.round_trip_time_sec', values: { documented: 0.0606 } },
  ]);
  expect(record.differences.find((d) => d.field === 'end_call_reason')).toEqual({
    field: 'end_call_reason',
    values: { spec: 'Hangup_Call', documented: 'HangupCall' },
  });
  // with a built-in chosen, the posted body replaces the recomputed one under the same name
  const asSpec = compareTransforms({ chosen: 'spec', posted: record.payloads.spec, finalStats: eightSecondCall(), context });
  expect(Object.keys(asSpec.payloads)).toEqual(['spec', 'documented']);
});
