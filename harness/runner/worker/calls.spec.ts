/**
 * One Playwright test per scenario call. The call's phases are test steps; its result
 * (payload, stats series, checks) is attached, and the results reporter builds results.json
 * from those attachments.
 */
import { resolve } from 'node:path';
import { test, expect } from './fixtures.ts';
import { readPlan } from '../../plan/runPlan.ts';
import { isBuiltInTransform } from '../../plan/builtInTransform.ts';
import { runCall } from '../../engine/runCall.ts';
import { DEFAULT_TALK_SECONDS } from '../../scenario/scenarioSchema.ts';
import { CONSOLE_FILE, consoleText } from '../../results/consoleText.ts';
import { runStopRequested, runStopSignal } from './runStopSignal.ts';
import { externalSkipReason } from '../../scenario/externalBusinessRules.ts';

/** Name of the attachment the reporter reads. */
export const CALL_RESULT_ATTACHMENT = 'call-result.json';

const plan = readPlan();

for (const scenario of plan.scenarios) {
  test(scenario.id, { tag: scenario.tags.map((t) => `@${t}`), annotation: { type: 'scenario file', description: scenario.file } }, async ({ browser, pageServer, submission, relay, callPlatform, externalBusiness }, testInfo) => {
    const talkSeconds = plan.options.talkSeconds ?? scenario.talkSeconds ?? DEFAULT_TALK_SECONDS;
    test.setTimeout((talkSeconds + 120) * 1000);
    // the run was interrupted before this call began: the reporter lists it as not started
    test.skip(runStopRequested(plan.runDir), 'not started: the run was interrupted');
    // what callsoak cannot cause in a team's own integration is skipped with the reason, not failed
    const external = plan.external ? externalSkipReason(scenario, plan.external) : undefined;
    test.skip(external !== undefined, `external business: ${external}`);
    const transform = plan.options.transform;
    const stop = runStopSignal(plan.runDir);
    const result = await runCall(scenario, {
      browser,
      pageUrl: pageServer.url,
      mediaPath: plan.media.path,
      teamModules: {
        ...(isBuiltInTransform(transform) ? {} : { transform: resolve(transform) }),
        ...(plan.options.submitter ? { submitter: resolve(plan.options.submitter) } : {}),
      },
      submission,
      platform: callPlatform,
      relay,
      ...(externalBusiness ? { externalBusiness } : {}),
      repetition: plan.options.repetitionOffset + testInfo.repeatEachIndex,
      seed: plan.seed,
      transform: isBuiltInTransform(transform) ? transform : 'custom',
      transformLabel: transform,
      submitter: plan.options.submitter ? 'custom' : 'default',
      sampleIntervalMs: plan.options.sampleIntervalMs,
      ...(plan.options.talkSeconds !== undefined ? { talkSeconds: plan.options.talkSeconds } : {}),
      step: (title, body) => test.step(title, body),
      stop: stop.signal,
    }).finally(() => stop.dispose());
    if (stop.signal.aborted) result.state = 'interrupted';
    await testInfo.attach(CALL_RESULT_ATTACHMENT, { body: JSON.stringify(result), contentType: 'application/json' });
    if (result.payload) {
      await testInfo.attach('payload.json', { body: JSON.stringify(result.payload, null, 2), contentType: 'application/json' });
    }
    const logged = consoleText(result);
    if (logged) await testInfo.attach(CONSOLE_FILE, { body: logged, contentType: 'text/plain' });
    const failed = result.checks.filter((c) => !c.ok && c.severity === 'error');
    expect(failed.map((c) => `${c.id}: ${c.message}`), 'failed checks').toEqual([]);
  });
}
