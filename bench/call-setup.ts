/**
 * Call setup through the emulated platform vs the signaling bus it replaced, side by side in
 * one run: the same scenario (hangup-call, 1 s of talk) runs in this checkout and in a
 * reference checkout of a commit that still had the bus, alternating round by round so both
 * see the same machine. Per call it reads results.json:
 * - placed → heard: from the start of the `call` step (the consumer begins placing it) to the
 *   business's first inbound audio (the start of `talk`, which waits for it) — comparable in both;
 * - connect → heard (platform only): from the connect webhook's arrival at the business to that
 *   first audio.
 *
 *   node bin/run-ts.js bench/call-setup.ts --reference REV [--rounds 4] [--calls 5]
 *
 * The reference is checked out into a temporary git worktree (node_modules linked) and removed
 * afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, quantile } from 'simple-statistics';

interface CallLike {
  startedAtMs?: number;
  timeline?: { label: string; atS: number }[];
  platform?: { webhooks: { event: string; attempts: { startedAtMs: number; latencyMs: number; status: number }[] }[] };
}

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const reference = opt('--reference');
if (!reference) {
  process.stderr.write('bench/call-setup.ts: --reference REV is required (a commit whose calls still used the signaling bus)\n');
  process.exit(2);
}
const rounds = Number(opt('--rounds') ?? 4);
const callsPerRound = Number(opt('--calls') ?? 5);
const here = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Runs `callsPerRound` hangup-call calls in `tree`; returns the results' calls. */
async function runCalls(tree: string, out: string): Promise<CallLike[]> {
  const cli = join(tree, 'bin', 'callsoak.js');
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [cli, 'run', '--scenario', 'hangup-call', '--talk-seconds', '1', '--repeat', String(callsPerRound), '--workers', '1', '--out', out], {
      cwd: tree,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${tree}: callsoak run exited ${code}`))));
  });
  return (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { calls: CallLike[] }).calls;
}

const stepAtMs = (call: CallLike, prefix: string): number | undefined => {
  const mark = call.timeline?.find((m) => m.label.startsWith(prefix));
  return mark && call.startedAtMs !== undefined ? call.startedAtMs + mark.atS * 1000 : undefined;
};

/** placed → heard, ms */
const placedToHeard = (call: CallLike): number | undefined => {
  const placed = stepAtMs(call, 'call');
  const heard = stepAtMs(call, 'talk');
  return placed !== undefined && heard !== undefined ? heard - placed : undefined;
};

/** connect webhook answered at the business → heard, ms */
const connectToHeard = (call: CallLike): number | undefined => {
  const connect = call.platform?.webhooks.find((w) => w.event === 'connect');
  const delivered = connect?.attempts.find((a) => a.status >= 200 && a.status < 300);
  const heard = stepAtMs(call, 'talk');
  return delivered && heard !== undefined ? heard - (delivered.startedAtMs + delivered.latencyMs) : undefined;
};

const describe = (values: number[]): string =>
  values.length === 0 ? 'none' : `median ${median(values).toFixed(0)} ms, p90 ${quantile(values, 0.9).toFixed(0)} ms, min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)} (n=${values.length})`;

const scratch = mkdtempSync(join(tmpdir(), 'callsoak-setup-bench-'));
const refTree = join(scratch, 'reference');
execFileSync('git', ['-C', here, 'worktree', 'add', '--detach', refTree, reference], { stdio: 'ignore' });
symlinkSync(join(here, 'node_modules'), join(refTree, 'node_modules'));
const ours: number[] = [];
const theirs: number[] = [];
const ourConnect: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    for (const call of await runCalls(here, join(scratch, `ours-${round}`))) {
      const v = placedToHeard(call);
      if (v !== undefined) ours.push(v);
      const c = connectToHeard(call);
      if (c !== undefined) ourConnect.push(c);
    }
    for (const call of await runCalls(refTree, join(scratch, `reference-${round}`))) {
      const v = placedToHeard(call);
      if (v !== undefined) theirs.push(v);
    }
    process.stderr.write(`round ${round + 1}/${rounds} done\n`);
  }
} finally {
  execFileSync('git', ['-C', here, 'worktree', 'remove', '--force', refTree], { stdio: 'ignore' });
  rmSync(scratch, { recursive: true, force: true });
}
const delta = median(ours) - median(theirs);
process.stdout.write(
  [
    `placed → heard, platform (this checkout):  ${describe(ours)}`,
    `placed → heard, bus (${reference}):        ${describe(theirs)}`,
    `median difference platform − bus: ${delta >= 0 ? '+' : ''}${delta.toFixed(0)} ms (ratio ${(median(ours) / median(theirs)).toFixed(2)}); target ≤ +100 ms`,
    `connect webhook → heard (platform only):   ${describe(ourConnect)}`,
    '',
  ].join('\n'),
);
