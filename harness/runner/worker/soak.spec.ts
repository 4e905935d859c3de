/**
 * The calls of a soak (`callsoak soak`), one Playwright test per worker: each test holds its
 * share of the call slots concurrently (soak/soakSlot.ts) with the worker's browser, relay
 * and endpoint, its Chromium participants sharing pages unless `--pages own`. The soak stops at its deadline, or when the CLI writes the stop file (first
 * SIGINT/SIGTERM): every slot then ends its call the way the scenario does, snapshot and
 * submission included, and starts no other.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from './fixtures.ts';
import { readPlan } from '../../plan/runPlan.ts';
import { SOAK_FILES } from '../../plan/soakPlan.ts';
import { isBuiltInTransform } from '../../plan/builtInTransform.ts';
import { soakStopSignal } from '../../soak/soakStopSignal.ts';
import { runSoakSlot } from '../../soak/soakSlot.ts';
import { SharedAgentPages } from '../../engine/sharedAgentPages.ts';
import { resolveNetwork } from '../../relay/impairmentSchema.ts';
import type { Relay } from '../../relay/startRelay.ts';

const plan = readPlan();
const soak = plan.soak!;
/** how often the worker's relay counters are written, ms */
const TELEMETRY_MS = 5000;

/** Every `everyS`, the next profile on every call's legs. */
function rotateProfiles(relay: Relay): () => void {
  if (!soak.rotation) return () => {};
  const { profiles, everyS } = soak.rotation;
  let turn = 0;
  const rotate = async (turn: number) => {
    const { up, down } = resolveNetwork(profiles[turn % profiles.length]!);
    for (const { callId } of await relay.calls()) {
      for (const role of ['consumer', 'business'] as const) {
        await relay.setImpairment(callId, role, 'up', up);
        await relay.setImpairment(callId, role, 'down', down);
      }
    }
  };
  const timer = setInterval(() => {
    turn++;
    // the relay refuses only once it is closing, at the soak's end, when no call needs a profile any more
    rotate(turn).catch(() => undefined);
  }, everyS * 1000);
  return () => clearInterval(timer);
}

for (let group = 0; group < soak.workers; group++) {
  const slots = Array.from({ length: soak.calls }, (_, slot) => slot).filter((slot) => slot % soak.workers === group);
  test(`soak worker ${group + 1}: ${slots.length} call slot${slots.length === 1 ? '' : 's'}`, async ({ browser, pageServer, submission, relay, callPlatform, externalBusiness }, testInfo) => {
    test.setTimeout((soak.durationS + 180) * 1000);
    const cycle = soak.cycle.map((id) => plan.scenarios.find((s) => s.id === id)!);
    const telemetryDir = join(plan.runDir, SOAK_FILES.telemetryDir);
    mkdirSync(telemetryDir, { recursive: true });
    let active = 0;
    // The first line says which memory settings this worker runs with: the soak's (soakWorkerMemory.ts)
    // reach the workers only through Playwright's fork, and memory numbers depend on them.
    const arenas = process.env.MALLOC_ARENA_MAX;
    let flags: { memorySettings?: string[] } = { memorySettings: [...process.execArgv, ...(arenas ? [`MALLOC_ARENA_MAX=${arenas}`] : [])] };
    const telemetry = setInterval(() => {
      const tMs = Date.now();
      const activeCalls = active;
      // answered in order, so lines stay in time order; none once the relay is closing at the soak's end
      relay.stats().then(
        (stats) => {
          const line = { tMs, worker: group + 1, activeCalls, relay: stats, ...flags };
          flags = {};
          appendFileSync(join(telemetryDir, `w${group + 1}.ndjson`), `${JSON.stringify(line)}\n`);
        },
        () => undefined,
      );
    }, TELEMETRY_MS);
    const stop = soakStopSignal(plan.runDir, soak, slots.length);
    const stopRotation = rotateProfiles(relay);
    const transform = plan.options.transform;
    // One renderer and one audio output for the worker's participants instead of one each (see engine/sharedAgentPages.ts).
    const sharedPages = soak.pages === 'shared' ? new SharedAgentPages(browser, { pageUrl: pageServer.url }) : undefined;
    try {
      const started = await Promise.all(
        slots.map((slot) =>
          runSoakSlot({
            slot,
            plan: soak,
            runDir: plan.runDir,
            cycle,
            stop: stop.signal,
            onActive: (delta) => (active += delta),
            env: {
              browser,
              pageUrl: pageServer.url,
              ...(sharedPages ? { sharedPages } : {}),
              mediaPath: plan.media.path,
              teamModules: isBuiltInTransform(transform) ? {} : { transform: resolve(transform) },
              submission,
              platform: callPlatform,
              relay,
              ...(externalBusiness ? { externalBusiness } : {}),
              transform: isBuiltInTransform(transform) ? transform : 'custom',
              transformLabel: transform,
              submitter: 'default',
              sampleIntervalMs: plan.options.sampleIntervalMs,
              seed: plan.seed,
              step: (_title, body) => body(),
            },
          }),
        ),
      );
      testInfo.annotations.push({ type: 'soak calls', description: String(started.reduce((a, b) => a + b, 0)) });
    } finally {
      await sharedPages?.close();
      stop.dispose();
      stopRotation();
      clearInterval(telemetry);
    }
  });
}
