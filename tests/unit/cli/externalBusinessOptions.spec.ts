/**
 * Whether `run`/`soak` test a team's own integration, and with which options: what makes a run
 * external (--business external, --config, --webhook-url, --business-command), the options that
 * only apply then, the conflicts (another --business, more than one worker), all named at once,
 * and how a real config file and the flags merge (a flag at its default counts as unset).
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalBusinessOptions } from '../../../harness/cli/externalBusinessOptions.ts';
import { UsageError } from '../../../harness/exit/exitCodes.ts';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-external-options-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function config(options: Record<string, unknown>): string {
  const path = join(dir, 'callsoak.config.json');
  writeFileSync(path, JSON.stringify(options));
  return path;
}

async function usageError(flags: Parameters<typeof externalBusinessOptions>[0]): Promise<string> {
  const error = await externalBusinessOptions(flags).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

test('a run with no external option is not external, whatever its workers; the ready timeout at its default does not count', async () => {
  expect(await externalBusinessOptions({})).toBeUndefined();
  expect(await externalBusinessOptions({ business: 'chromium', workers: 3, businessReadyTimeout: '30s' })).toBeUndefined();
});

test('--business external, a --webhook-url, a --business-command or a --config each make the run external', async () => {
  expect(await externalBusinessOptions({ business: 'external', businessReadyTimeout: '30s' })).toEqual({ businessReadyTimeout: '30s' });
  expect(await externalBusinessOptions({ webhookUrl: 'http://127.0.0.1:8080/webhook', businessReadyTimeout: '30s' })).toEqual({ webhookUrl: 'http://127.0.0.1:8080/webhook', businessReadyTimeout: '30s' });
  expect(await externalBusinessOptions({ businessCommand: 'npm start', businessReadyTimeout: '30s' })).toEqual({ businessCommand: 'npm start', businessReadyTimeout: '30s' });
  expect(await externalBusinessOptions({ config: config({ businessCommand: 'npm start' }), businessReadyTimeout: '30s' })).toEqual({ businessReadyTimeout: '30s', businessCommand: 'npm start' });
});

test('options of an external business given without one are a usage error naming each flag', async () => {
  expect(await usageError({ verifyToken: 'secret', graphPort: 5005, businessReadyTimeout: '30s' })).toBe('--verify-token, --graph-port only apply with --business external');
  expect(await usageError({ businessPage: 'http://127.0.0.1:3000/agent' })).toBe('--business-page only applies with --business external');
  expect(await usageError({ business: 'chromium', businessReadyTimeout: '2m' })).toBe('--business-ready-timeout only applies with --business external');
});

test('another --business, or more than one worker, conflict with an external business, both named at once; one worker is fine', async () => {
  expect(await usageError({ business: 'chromium', webhookUrl: 'http://127.0.0.1:8080/webhook', workers: 3 })).toBe(
    '--business chromium and the external business options (--config, --webhook-url, --business-command) exclude each other\n' +
      '--workers 3: an external business is one integration behind one emulated platform, so the run uses one worker',
  );
  expect(await usageError({ business: 'node', config: config({ businessCommand: 'npm start' }) })).toBe('--business node and the external business options (--config, --webhook-url, --business-command) exclude each other');
  expect(await usageError({ business: 'external', workers: 2 })).toBe('--workers 2: an external business is one integration behind one emulated platform, so the run uses one worker');
  expect(await externalBusinessOptions({ business: 'external', workers: 1 })).toEqual({});
});

test('the config file fills what the flags leave unset; a flag given overrides it, a flag at its default does not', async () => {
  const file = config({ webhookUrl: 'http://127.0.0.1:8080/webhook', graphPort: 5005, businessReadyTimeout: '2m', businessDriver: 'driver.ts' });
  expect(await externalBusinessOptions({ config: file, businessReadyTimeout: '30s', graphPort: 6006, businessPage: 'http://localhost:3000/agent' })).toEqual({
    webhookUrl: 'http://127.0.0.1:8080/webhook',
    graphPort: 6006,
    businessReadyTimeout: '2m',
    businessDriver: 'driver.ts',
    businessPage: 'http://localhost:3000/agent',
  });
  expect(await externalBusinessOptions({ config: file, businessReadyTimeout: '5m' })).toMatchObject({ businessReadyTimeout: '5m' });
});

test("the config file's own errors come through as they are", async () => {
  const file = config({ graphPort: 80 });
  expect(await usageError({ config: file, business: 'external' })).toBe(`--config ${file}:\n  graphPort must be an integer 1024..65535, got 80`);
});
