/**
 * `callsoak report [RUN_DIR] [--thresholds FILE]`: re-renders a run's index.html, junit.xml
 * and summary.md from its results.json (node side). With --thresholds, evaluates them
 * against the run (tags from the run's plan.json), stores the results in thresholds.json
 * and exits 3 when one is breached; without, re-renders the thresholds an earlier
 * evaluation stored. Exit 0 rendered, 2 no run directory / unreadable or invalid input,
 * 3 a threshold given now was breached.
 */
import { Command } from 'commander';
import { EXIT } from '../exit/exitCodes.ts';
import { displayPath } from '../paths/displayPath.ts';
import { readRunDir } from '../report/readRunDir.ts';
import { writeRunReports } from '../report/writeRunReports.ts';
import { evaluateParsedThresholds } from '../thresholds/evaluateThresholds.ts';
import { loadThresholdsFile } from '../thresholds/loadThresholdsFile.ts';
import { METRICS, METRIC_NAMES } from '../metrics/metrics.ts';

/** The metric list for --help: the closed list, with units and how each is computed. */
export function metricsHelp(): string {
  const width = Math.max(...METRIC_NAMES.map((n) => n.length));
  return METRIC_NAMES.map((name) => `  ${name.padEnd(width)}  ${METRICS[name].description}`).join('\n');
}

export function reportCommand(): Command {
  return new Command('report')
    .description('re-render a run\'s index.html, junit.xml and summary.md from its results.json (exit 0 rendered, 2 bad input, 3 a --thresholds limit was breached)')
    .argument('[run-dir]', 'the run directory holding results.json', 'reports/latest')
    .option('--thresholds <file>', 'JSON file of thresholds to evaluate against the run, e.g. {"audio.jitter_ms": ["p(95)<30"], "audio.loss_pct{scenario:packet-loss-10}": ["avg<12"]}')
    .addHelpText(
      'after',
      `\nThreshold expressions: avg, min, max, med, count or p(N), then <, <=, >, >= or ==, then a number.\nFilters: metric{scenario:ID}, metric{tag:NAME} (tags from the run's plan.json), or both.\nEach metric has one value per call:\n${metricsHelp()}`,
    )
    .action((runDir: string, options: { thresholds?: string }) => {
      const content = readRunDir(runDir);
      let thresholds = content.thresholds;
      let fresh = false;
      if (options.thresholds !== undefined) {
        const loaded = loadThresholdsFile(options.thresholds);
        if (!content.hasPlan && loaded.parsed.some((t) => t.filter.tag !== undefined)) {
          process.stderr.write(`callsoak: note: ${runDir} has no plan.json, so {tag:...} filters match no call\n`);
        }
        thresholds = evaluateParsedThresholds(content.results, loaded.parsed, content.scenarioTags);
        fresh = true;
      }
      const paths = writeRunReports(runDir, content.results, thresholds.length > 0 ? { thresholds } : {});
      const lines = [`report:  ${displayPath(paths.html)}`, `junit:   ${displayPath(paths.junit)}`, `summary: ${displayPath(paths.markdown)}`];
      for (const t of thresholds) lines.push(`${t.ok ? 'ok      ' : 'BREACHED'} ${t.message}`);
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = fresh && thresholds.some((t) => !t.ok) ? EXIT.thresholdBreached : EXIT.ok;
    });
}
