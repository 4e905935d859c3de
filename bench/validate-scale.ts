/**
 * `callsoak validate` on large payload files with many members, by file size: ours (reading
 * the file and `validateText`, the command's whole core: parse, schema, offline checks, the
 * line and column of every problem) against the reference, `JSON.parse` of the same file, in
 * the same run. Each side runs in a fresh Node process per file and run, so its peak RSS is
 * its own; the CLI column is the wall time of `node bin/callsoak.js validate FILE` as a user
 * runs it (Node and tsx start-up included). Prints medians, the growth from one size to the
 * next (linear work grows with the size: 4× from 1 MB to 4 MB) and ours / reference.
 *
 *   node bin/run-ts.js bench/validate-scale.ts [--sizes 1,4,16] [--runs 3] [--shapes reported,nested]
 *
 * Shapes (members of ~100 bytes, 2-space indentation, one member a line):
 *   reported  every member an unknown field of audio_stats: one problem, with its position, per member
 *   nested    the members inside one unknown top-level object: one problem in the whole file
 * Writes one file at a time to temporary disk (up to the largest size) and removes it after.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateText } from '../harness/cli/validateCommand.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] ? argv[at + 1]! : fallback;
};

type Shape = 'reported' | 'nested';
type SideName = 'ours' | 'reference';

/** A valid call_metrics body under the field table. */
const BODY = {
  platform: 'messenger',
  call_id: 'c_bench',
  end_call_reason: 'Hangup_Call',
  end_call_subreason: 'Conversation was finished',
  call_ended_time: 1_764_028_800,
  first_audio_packet_received_time: 1_764_028_790,
  audio_stats: {
    jitter: 0.004,
    packets_lost: 3,
    packets_received: 500,
    round_trip_time_ms: 41.2,
    jitter_buffer_delay_ms: 60.5,
    concealed_samples: 960,
    silent_concealed_samples: 0,
    total_samples_duration_ms: 9_980,
    call_ended_time: 1_764_028_800,
  },
};

/** The payload file of about `bytes` bytes, and how many members it adds. */
function payload(shape: Shape, bytes: number): { text: string; members: number } {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `    "extra_member_${String(i).padStart(7, '0')}": { "value": ${i}, "label": "member ${i} of a payload far larger than any call sends" }`;
    lines.push(line);
    size += line.length + 2;
  }
  const body = JSON.stringify(BODY, null, 2);
  const text =
    shape === 'reported'
      ? body.replace('"audio_stats": {\n', `"audio_stats": {\n${lines.join(',\n')},\n`)
      : body.replace(/^\{\n/, `{\n  "extra": {\n${lines.join(',\n')}\n  },\n`);
  return { text, members: lines.length };
}

interface Side {
  ms: number;
  peakRssMb: number;
  /** problems ours prints, errors and warnings (0 for the reference) */
  problems: number;
}

/** One side in this process: read the file and do the work, timed from before the read. */
function child(side: SideName, file: string): void {
  const start = process.hrtime.bigint();
  const text = readFileSync(file, 'utf8');
  let problems = 0;
  if (side === 'ours') {
    const printed = validateText(file, text, 'table').lines.join('\n');
    problems = printed.split('\n').filter((line) => /: (error|warning): /.test(line)).length;
  } else JSON.parse(text);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024, problems }));
}

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/callsoak.js', import.meta.url));

function runSide(side: SideName, file: string): Side {
  const done = spawnSync(process.execPath, [RUN_TS, fileURLToPath(import.meta.url), '--child', side, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (done.status !== 0) throw new Error(`${side} failed: ${done.stderr}`);
  return JSON.parse(done.stdout) as Side;
}

/** Wall time of the real command, ms; it exits 1 (the payload is invalid), never 2. */
function runCli(file: string): number {
  const start = process.hrtime.bigint();
  const done = spawnSync(process.execPath, [CLI, 'validate', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (done.status !== 1) throw new Error(`callsoak validate exited ${done.status}: ${done.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

if (argv[0] === '--child') {
  child(argv[1] as SideName, argv[2]!);
} else {
  const sizes = option('--sizes', '1,4,16').split(',').map(Number);
  const runs = Number(option('--runs', '3'));
  const shapes = option('--shapes', 'reported,nested').split(',') as Shape[];
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-bench-validate-'));
  console.log(`medians of ${runs} runs; ours = read + validateText, reference = read + JSON.parse, CLI = node bin/callsoak.js validate FILE`);
  try {
    for (const shape of shapes) {
      console.log(`\nshape ${shape}`);
      console.log('   MB | members | problems |  ours ms | reference ms | ours/reference | ours peak RSS MB |  CLI s | ours ×prev size | reference ×prev size');
      let previous: { mb: number; ours: number; reference: number } | undefined;
      for (const mb of sizes) {
        const { text, members } = payload(shape, mb * 1e6);
        const file = join(dir, `${shape}-${mb}mb.json`);
        writeFileSync(file, text);
        const ours: Side[] = [];
        const reference: Side[] = [];
        const cli: number[] = [];
        for (let r = 0; r < runs; r++) {
          reference.push(runSide('reference', file));
          ours.push(runSide('ours', file));
          cli.push(runCli(file));
        }
        const oursMs = median(ours.map((s) => s.ms));
        const referenceMs = median(reference.map((s) => s.ms));
        const { problems } = ours[0]!;
        const growth = (now: number, before: number | undefined) => (previous && before ? `${(now / before).toFixed(2)}× (size ${(mb / previous.mb).toFixed(0)}×)` : '-');
        console.log(
          `${String(mb).padStart(5)} | ${String(members).padStart(7)} | ${String(problems).padStart(8)} | ${oursMs.toFixed(0).padStart(8)} | ${referenceMs.toFixed(0).padStart(12)} | ${(oursMs / referenceMs).toFixed(1).padStart(14)} | ${median(ours.map((s) => s.peakRssMb)).toFixed(0).padStart(16)} | ${(median(cli) / 1000).toFixed(2).padStart(6)} | ${growth(oursMs, previous?.ours).padStart(15)} | ${growth(referenceMs, previous?.reference).padStart(20)}`,
        );
        previous = { mb, ours: oursMs, reference: referenceMs };
        rmSync(file);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
