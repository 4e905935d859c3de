/**
 * startIntegrationProcess with real processes: a shell, a Node server it starts in the background,
 * and an owner process SIGKILLed with its integration running.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_KEPT_LINES, startIntegrationProcess, type IntegrationProcess } from '../../../harness/external/startIntegrationProcess.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const NODE = `"${process.execPath}"`;

let dir: string;
let started: IntegrationProcess[] = [];
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-external-'));
  started = [];
});
test.afterEach(async () => {
  await Promise.all(started.map((p) => p.stop())); // a failed test leaves nothing running
  rmSync(dir, { recursive: true, force: true });
});

async function start(command: string, extra: { env?: Record<string, string>; graceMs?: number } = {}): Promise<IntegrationProcess> {
  const integration = await startIntegrationProcess({ command, cwd: FIXTURES, env: extra.env ?? {}, logPath: join(dir, 'logs', 'integration.log'), graceMs: extra.graceMs });
  started.push(integration);
  return integration;
}

/** the pid a grandchild.mjs printed, waited for up to 10 s */
async function grandchildPid(integration: IntegrationProcess): Promise<number> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const line = integration.lines().find((l) => /^pid \d+$/.test(l.text));
    if (line) return Number(line.text.slice(4));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no pid line within 10 s; output: ${JSON.stringify(integration.lines())}`);
}

/**
 * Whether a process has ended. kill(pid, 0) also succeeds on a zombie, and here a grandchild
 * orphaned by its shell waits for PID 1 to reap it (about 2 s on this VM): dead, not yet reaped.
 */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return ['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2)[0] ?? '');
  } catch {
    return true;
  }
}

test('output lines arrive with their stream and time, and land in the log file', async () => {
  const before = Date.now();
  const integration = await start(`echo hello; echo oops >&2; printf 'no newline'`);
  expect(await integration.exited).toEqual({ code: 0, signal: null });
  const after = Date.now();
  const lines = integration.lines();
  expect(lines.map(({ stream, text }) => ({ stream, text }))).toEqual(
    expect.arrayContaining([
      { stream: 'out', text: 'hello' },
      { stream: 'err', text: 'oops' },
      { stream: 'out', text: 'no newline' },
    ]),
  );
  expect(lines).toHaveLength(3);
  for (const line of lines) expect(line.atMs >= before && line.atMs <= after).toBe(true);
  expect(lines.findIndex((l) => l.text === 'hello')).toBeLessThan(lines.findIndex((l) => l.text === 'no newline'));

  await integration.stop();
  const log = readFileSync(join(dir, 'logs', 'integration.log'), 'utf8').trimEnd().split('\n');
  expect(log).toHaveLength(3);
  for (const text of ['out hello', 'err oops', 'out no newline']) {
    expect(log).toContainEqual(expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${text}$`)));
  }
  expect(MAX_KEPT_LINES).toBe(2000);
});

test('environment variables reach the command', async () => {
  const integration = await start('echo "value=$CALLSOAK_TEST_VALUE"', { env: { CALLSOAK_TEST_VALUE: 'a b c' } });
  await integration.exited;
  expect(integration.lines().map((l) => l.text)).toEqual(['value=a b c']);
});

test('stop() ends the shell and the server it started in the background', async () => {
  const integration = await start(`${NODE} grandchild.mjs & wait`);
  const grandchild = await grandchildPid(integration);
  expect(gone(grandchild)).toBe(false);
  expect(integration.running()).toBe(true);

  const stopped = await integration.stop();
  expect(stopped).toEqual({ code: null, signal: 'SIGTERM', killed: false });
  expect(gone(grandchild)).toBe(true);
  expect(gone(integration.pid)).toBe(true);
  expect(integration.running()).toBe(false);
  expect(await integration.stop()).toEqual(stopped); // idempotent
});

test('SIGTERM to the watchdog (as Ctrl-C or a stopping worker sends) ends the group too', async () => {
  const integration = await start(`${NODE} grandchild.mjs & wait`);
  const grandchild = await grandchildPid(integration);
  const stat = readFileSync(`/proc/${integration.pid}/stat`, 'utf8');
  const watchdog = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]); // the shell's parent
  expect(watchdog).not.toBe(process.pid);
  process.kill(watchdog, 'SIGTERM');
  expect(await integration.exited).toEqual({ code: null, signal: 'SIGTERM' });
  expect(await integration.stop()).toEqual({ code: null, signal: 'SIGTERM', killed: false });
  expect(gone(grandchild)).toBe(true);
});

test('a command that ignores SIGTERM is SIGKILLed after graceMs', async () => {
  const integration = await start(`${NODE} grandchild.mjs ignore-term`, { graceMs: 300 });
  const server = await grandchildPid(integration);
  const stopped = await integration.stop();
  expect(stopped.killed).toBe(true);
  expect(gone(server)).toBe(true);
  expect(integration.lines().map((l) => l.text)).toContain('SIGTERM ignored');
});

test('a command that exits at once gives its code, and its last lines stay', async () => {
  const integration = await start('echo starting; echo "no config" >&2; exit 3');
  expect(await integration.exited).toEqual({ code: 3, signal: null });
  expect(integration.running()).toBe(false);
  expect(integration.lines().map((l) => `${l.stream} ${l.text}`)).toEqual(['out starting', 'err no config']);
  expect(await integration.stop()).toEqual({ code: 3, signal: null, killed: false });
});

test('a command that is not found exits with 127 and says why', async () => {
  const integration = await start('callsoak-no-such-command-here');
  expect(await integration.exited).toEqual({ code: 127, signal: null });
  expect(integration.lines()).toContainEqual(expect.objectContaining({ stream: 'err', text: expect.stringContaining('callsoak-no-such-command-here') }));
});

test('a missing cwd is a clear error naming it', async () => {
  await expect(startIntegrationProcess({ command: 'true', cwd: join(dir, 'nowhere'), env: {}, logPath: join(dir, 'log') })).rejects.toThrow(/integration cwd .*nowhere is not a directory/);
});

for (const target of ['the owner', "the owner's process group"] as const) {
  test(`SIGKILL to ${target} leaves no integration process behind`, async () => {
    // the owner in a group of its own, so that a SIGKILL to its group reaches nothing of the test's
    const owner = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, 'integrationOwner.ts'), join(dir, 'owner.log')], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => owner.once('exit', () => resolve()));
    let group: number | undefined;
    try {
      let stderr = '';
      owner.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const pids = await new Promise<{ shell: number; grandchild: number }>((resolve, reject) => {
        let stdout = '';
        owner.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0]!));
        });
        owner.once('exit', (code) => reject(new Error(`the owner exited (code ${code}) before printing pids: ${stderr}`)));
      });
      group = pids.shell;
      expect(gone(pids.grandchild)).toBe(false);

      if (target === 'the owner') owner.kill('SIGKILL');
      else process.kill(-owner.pid!, 'SIGKILL');
      await exited;
      const until = Date.now() + 5_000;
      while (!(gone(pids.grandchild) && gone(pids.shell)) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(gone(pids.grandchild)).toBe(true);
      expect(gone(pids.shell)).toBe(true);
    } finally {
      owner.kill('SIGKILL');
      if (group !== undefined) {
        try {
          process.kill(-group, 'SIGKILL'); // only if the test failed: leave no stray server
        } catch {
          // gone, as it should be
        }
      }
    }
  });
}
