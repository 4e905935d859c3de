/**
 * `callsoak list`: what a user can name on the command line — scenarios, suites, network
 * profiles and metrics — read from the same sources the run uses (node side).
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { loadScenarios, suiteNames } from '../scenario/loadScenarios.ts';
import { PROFILES, PROFILE_NAMES } from '../relay/profiles.ts';
import { METRICS, METRIC_NAMES } from '../metrics/metrics.ts';
import { EXIT } from '../exit/exitCodes.ts';
import { SCENARIOS_DIR } from './packageFiles.ts';

export function listCommand(): Command {
  return new Command('list')
    .description('list scenarios, suites, network profiles and metrics')
    .option('--scenarios-dir <dir>', 'folder of scenario files (default: the bundled scenarios/)')
    .action(async (options: { scenariosDir?: string }) => {
      const { scenarios, errors } = await loadScenarios(options.scenariosDir ? resolve(options.scenariosDir) : SCENARIOS_DIR);
      const out: string[] = ['Scenarios:'];
      for (const s of scenarios) out.push(`  ${s.id.padEnd(34)} ${s.expectedEndCallReason.padEnd(32)} ${s.title}`);
      out.push('', 'Suites (--suite):');
      for (const suite of ['all', ...suiteNames(scenarios)]) {
        const count = suite === 'all' ? scenarios.length : scenarios.filter((s) => s.tags.includes(suite)).length;
        out.push(`  ${suite.padEnd(34)} ${count} scenario${count === 1 ? '' : 's'}`);
      }
      out.push('', 'Network profiles (peers.<side>.network):');
      for (const name of PROFILE_NAMES) out.push(`  ${name.padEnd(34)} ${PROFILES[name]!.description}`);
      out.push('', 'Metrics (expect, --thresholds):');
      for (const name of METRIC_NAMES) out.push(`  ${name.padEnd(34)} ${METRICS[name].description}`);
      process.stdout.write(`${out.join('\n')}\n`);
      if (errors.length > 0) {
        process.stderr.write(`invalid scenario files:\n${errors.map((e) => `  ${e}`).join('\n')}\n`);
        process.exitCode = EXIT.usage;
      }
    });
}
