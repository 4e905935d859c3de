/**
 * `callsoak repro BUNDLE`: runs the call a repro bundle describes again — the same scenario
 * definition, seed, repetition, talk time, transform and submitter — and says what differs
 * from when the bundle was made (browser, harness, module contents, media) (node side).
 */
import { Command } from 'commander';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChromium } from '../chromium/findChromium.ts';
import { ensureSpeechWav } from './speechWav.ts';
import { REPRO_FILE, type ReproBundle } from '../plan/reproBundle.ts';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import { HARNESS_VERSION } from './packageFiles.ts';
import { run } from './runCommand.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

function readBundle(path: string): ReproBundle {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, REPRO_FILE) : path;
  let bundle: ReproBundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8')) as ReproBundle;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`repro: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (bundle?.bundleVersion !== 1 || !bundle.scenario?.id || typeof bundle.seed !== 'number') {
    throw new UsageError(`repro: ${file} is not a callsoak repro bundle (bundleVersion 1 with scenario and seed)`);
  }
  return bundle;
}

/** What is not as it was when the bundle was made: the rerun may differ because of it. */
function differences(bundle: ReproBundle): string[] {
  const out: string[] = [];
  if (bundle.harnessVersion !== HARNESS_VERSION) out.push(`harness ${HARNESS_VERSION}, bundle made with ${bundle.harnessVersion}`);
  const browser = findChromium();
  if (browser && browser.version !== bundle.browser.version) out.push(`browser ${browser.version}, bundle made with ${bundle.browser.version}`);
  if (ensureSpeechWav().sha256 !== bundle.mediaSha256) out.push('the fake microphone WAV differs from the bundle\'s');
  for (const [what, id] of [['transform', bundle.transform], ['submitter', bundle.submitter]] as const) {
    if (id.sha256 === null) continue;
    const path = resolve(id.name);
    if (!existsSync(path)) out.push(`${what} ${id.name} no longer exists`);
    else if (createHash('sha256').update(readFileSync(path)).digest('hex') !== id.sha256) out.push(`${what} ${id.name} has changed since the bundle was made`);
  }
  return out;
}

export function reproCommand(): Command {
  return new Command('repro')
    .description("run the call a repro bundle (a call directory's repro.json) describes, again")
    .argument('<bundle>', 'repro.json, or the call directory holding it')
    .option('--out <dir>', 'run directory to write (default reports/<run-id>)')
    .action(async (path: string, options: { out?: string }) => {
      const bundle = readBundle(path);
      for (const difference of differences(bundle)) log(`repro: note: ${difference}`);
      // The scenario as it ran, not as its file reads today.
      const dir = mkdtempSync(join(tmpdir(), 'callsoak-repro-'));
      const { file: _file, ...scenario } = bundle.scenario;
      writeFileSync(join(dir, `${scenario.id}.mjs`), `export default ${JSON.stringify(scenario, null, 2)};\n`);
      log(`repro: ${scenario.id}, seed ${bundle.seed}, repetition ${bundle.repetition} (from call ${bundle.callId} of run ${bundle.runId})`);
      process.exitCode = await run({
        scenariosDir: dir,
        scenario: [scenario.id],
        seed: String(bundle.seed),
        repetitionOffset: String(bundle.repetition),
        sampleIntervalMs: String(bundle.sampleIntervalMs),
        transform: bundle.transform.name,
        ...(bundle.submitter.sha256 !== null ? { submitter: bundle.submitter.name } : {}),
        ...(bundle.talkSeconds !== undefined ? { talkSeconds: String(bundle.talkSeconds) } : {}),
        ...(options.out ? { out: options.out } : {}),
      });
    });
}

