/**
 * Call setup through the emulated platform vs the signaling bus it replaced, side by side in
 * one run: the same scenario (call, ring, answer, 1 s of talk, hang up; written to a temporary
 * scenarios directory) runs in this checkout and in a reference checkout of a commit that still
 * had the bus, alternating round by round so both see the same machine. Per call, from
 * results.json's step marks:
 * - rang → heard: from the business ringing (the connect webhook on the platform, the offer on
 *   the bus; the end of `ring`) to its first inbound audio (the start of `talk`, which waits
 *   for it) — the setup the business sees;
 * - placed → heard: from the start of `call` (the consumer begins placing it) to that first
 *   audio — the whole setup, the consumer's own included.
 *
 *   node bin/run-ts.js bench/call-setup.ts --reference REV [--rounds 4] [--calls 5]
 *
 * The reference is checked out into a temporary git worktree (node_modules linked) and removed
 * afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
    const child = spawn(process.execPath, [cli, 'run', '--scenarios-dir', probeDir, '--scenario', PROBE_ID, '--repeat', String(callsPerRound), '--workers', '1', '--out', out], {
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

/** rang → heard, ms: the `answer` step starts the moment `ring` saw the business ring */
const rangToHeard = (call: CallLike): number | undefined => {
  const rang = stepAtMs(call, 'answer');
  const heard = stepAtMs(call, 'talk');
  return rang !== undefined && heard !== undefined ? heard - rang : undefined;
};

const describe = (values: number[]): string =>
  values.length === 0 ? 'none' : `median ${median(values).toFixed(0)} ms, p90 ${quantile(values, 0.9).toFixed(0)} ms, min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)} (n=${values.length})`;

const PROBE_ID = 'setup-probe';
const scratch = mkdtempSync(join(tmpdir(), 'callsoak-setup-bench-'));
const probeDir = join(scratch, 'scenarios');
mkdirSync(probeDir);
writeFileSync(join(probeDir, 'package.json'), '{"type":"module"}\n');
writeFileSync(
  join(probeDir, `${PROBE_ID}.ts`),
  `export default { id: '${PROBE_ID}', title: 'call setup probe', tags: ['bench'], expectedEndCallReason: 'Hangup_Call', talkSeconds: 1,\n` +
    `  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }] };\n`,
);
const refTree = join(scratch, 'reference');
execFileSync('git', ['-C', here, 'worktree', 'add', '--detach', refTree, reference], { stdio: 'ignore' });
symlinkSync(join(here, 'node_modules'), join(refTree, 'node_modules'));
const ours: number[] = [];
const theirs: number[] = [];
const oursRang: number[] = [];
const theirsRang: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    for (const call of await runCalls(here, join(scratch, `ours-${round}`))) {
      const v = placedToHeard(call);
      if (v !== undefined) ours.push(v);
      const r = rangToHeard(call);
      if (r !== undefined) oursRang.push(r);
    }
    for (const call of await runCalls(refTree, join(scratch, `reference-${round}`))) {
      const v = placedToHeard(call);
      if (v !== undefined) theirs.push(v);
      const r = rangToHeard(call);
      if (r !== undefined) theirsRang.push(r);
    }
    process.stderr.write(`round ${round + 1}/${rounds} done\n`);
  }
} finally {
  execFileSync('git', ['-C', here, 'worktree', 'remove', '--force', refTree], { stdio: 'ignore' });
  rmSync(scratch, { recursive: true, force: true });
}
const difference = (a: number[], b: number[]): string => {
  const delta = median(a) - median(b);
  return `${delta >= 0 ? '+' : ''}${delta.toFixed(0)} ms (ratio ${(median(a) / median(b)).toFixed(2)})`;
};
process.stdout.write(
  [
    `rang → heard, platform (connect webhook → first audio): ${describe(oursRang)}`,
    `rang → heard, bus (${reference}, offer → first audio): ${describe(theirsRang)}`,
    `  median difference platform − bus: ${difference(oursRang, theirsRang)}; target ≤ +100 ms`,
    `placed → heard, platform: ${describe(ours)}`,
    `placed → heard, bus:      ${describe(theirs)}`,
    `  median difference platform − bus: ${difference(ours, theirs)}`,
    '',
  ].join('\n'),
);
