/**
 * media.playout_duration's allowance: a fixed 1.5 s for the jitter buffer's fill and the last
 * interval, plus 1 % of the time played for an output that falls behind under load.
 */
import { test, expect } from '@playwright/test';
import { allowedPlayoutDifferenceS } from '../../../harness/engine/checks/callChecks.ts';

test('a 10-s call may differ by 1.6 s; a 10-min call by 7.5 s, which a 2-s lag under load stays inside', () => {
  expect(allowedPlayoutDifferenceS(10)).toBeCloseTo(1.6, 6);
  expect(allowedPlayoutDifferenceS(600)).toBeCloseTo(7.5, 6);
  // a 591-s call whose output fell 2.0 s behind under load (totalSamplesDuration 589.26 s)
  expect(Math.abs(589.26 - 591.26)).toBeLessThanOrEqual(allowedPlayoutDifferenceS(591.26));
  // audio that never played, or a counter frozen half-way, is still far outside
  expect(591.26).toBeGreaterThan(allowedPlayoutDifferenceS(591.26));
  expect(591.26 / 2).toBeGreaterThan(allowedPlayoutDifferenceS(591.26));
  expect(allowedPlayoutDifferenceS(-1)).toBe(1.5);
});
