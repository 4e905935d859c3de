import { test, expect } from '@playwright/test';
import { runHeader } from '../../../harness/cli/runHeader.ts';
import type { RunPlan } from '../../../harness/plan/runPlan.ts';

const scenario = (id: string) => ({ id }) as RunPlan['scenarios'][number];

/** What the header reads of a plan; the rest of a plan does not show in it. */
function plan(scenarios: number, repeat: number, shard?: RunPlan['shard']): RunPlan {
  return {
    harnessVersion: '0.1.0',
    browser: { name: 'Chromium', version: '156.0', source: 'system', executablePath: '/usr/bin/chromium' },
    seed: 7,
    scenarios: Array.from({ length: scenarios }, (_, i) => scenario(`s${i}`)),
    options: { repeat },
    runDir: '/tmp/run',
    ...(shard ? { shard } : {}),
  } as unknown as RunPlan;
}

test('the header counts every call: scenarios × --repeat', () => {
  expect(runHeader(plan(1, 1))).toBe('callsoak 0.1.0 · Chromium 156.0 (system: /usr/bin/chromium) · seed 7 · 1 call · run dir /tmp/run');
  expect(runHeader(plan(1, 4))).toContain(' · seed 7 · 4 calls · run dir ');
  expect(runHeader(plan(3, 4))).toContain(' · seed 7 · 12 calls · run dir ');
});

test("a shard's header counts the whole run's calls and names its part", () => {
  expect(runHeader(plan(3, 2, { index: 2, total: 3 }))).toContain(' · seed 7 · 6 calls in all · shard 2/3 · run dir ');
});
