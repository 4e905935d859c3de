/**
 * `callsoak compare BASELINE CURRENT` / `callsoak compare --baseline last-green CURRENT`:
 * compares two runs' per-call metrics scenario by scenario (harness/compare/), prints the
 * Markdown report and writes compare.md and compare.html. Exit 0 no regression, 4 a
 * regression, 2 a usage error (missing directory, unknown id, no green run in the history).
 */
import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { compareRuns } from '../compare/compareRuns.ts';
import { METRIC_POLARITY, MIN_RELATIVE_SHIFT } from '../compare/metricPolarity.ts';
import { formatWithUnit } from '../metrics/formatNumber.ts';
import { METRICS, type MetricName } from '../metrics/metrics.ts';
import type { Comparison } from '../compare/compareTypes.ts';
import { CompareOptionsSchema, type CompareCliOptions } from '../compare/compareOptionsSchema.ts';
import { renderMarkdown } from '../compare/renderMarkdown.ts';
import { COMPARE_HTML, COMPARE_MD, writeComparison } from '../compare/writeComparison.ts';
import { kindOf, scenariosOf } from '../history/historyRecord.ts';
import { defaultHistoryDir, listRuns } from '../history/historyStore.ts';
import { LAST_GREEN, loadBaseline, loadComparedRun } from '../history/loadComparedRun.ts';
import { displayPath } from '../paths/displayPath.ts';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import { addSchemaOptions, parseSchemaOptions } from './optionsFromSchema.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

export function compareCommand(): Command {
  const command = new Command('compare')
    .description('compare two runs per scenario and metric, accounting for call-to-call variation; report regressions and improvements')
    .argument('[baseline]', 'baseline run: a run directory (with results.json) or a history id')
    .argument('[current]', 'current run: a run directory or a history id')
    .allowExcessArguments(false);
  addSchemaOptions(command, CompareOptionsSchema);
  command.addHelpText(
    'after',
    `\nWith --baseline ${LAST_GREEN}, give only CURRENT.\n` +
      `A metric is flagged when its adjusted p ≤ alpha and its shift reaches both the minimum below and ${MIN_RELATIVE_SHIFT * 100}% of the baseline median:\n` +
      Object.entries(METRIC_POLARITY)
        .map(([metric, p]) => `  ${metric.padEnd(30)} ${p.worse === 'neither' ? 'never a regression' : `${p.worse} is worse`}, ≥ ${formatWithUnit(p.minShift, METRICS[metric as MetricName].unit)}`)
        .join('\n') +
      '\nExit codes: 0 no regression, 4 a regression against the baseline, 2 usage error (missing directory, unknown id, no green run in the history).',
  );
  command.action((first: string | undefined, second: string | undefined, raw: Record<string, unknown>) => {
    const comparison = compare(first, second, raw);
    process.exitCode = comparison.regression ? EXIT.regression : EXIT.ok;
  });
  return command;
}

function compare(first: string | undefined, second: string | undefined, raw: Record<string, unknown>): Comparison {
  const parsed = parseSchemaOptions<CompareCliOptions>(CompareOptionsSchema, raw);
  if ('errors' in parsed) throw new UsageError(parsed.errors.join('\n'));
  const options = parsed.value;
  const { baselineArg, currentArg } = positional(first, second, options.baseline);
  const historyDir = resolve(options.history ?? defaultHistoryDir());
  const listing = listRuns(historyDir);
  for (const problem of listing.problems) log(`callsoak compare: warning: history ${problem}`);

  const current = loadComparedRun(currentArg, 'CURRENT', historyDir, listing);
  const baseline = loadBaseline(baselineArg, current.run, historyDir, listing, options.baselineRuns);
  const kinds = { baseline: kindOf(baseline.run), current: kindOf(current.run) };
  if (kinds.baseline !== kinds.current) {
    // named by hand (last-green never mixes them): compare, but say why metrics may differ
    log(`callsoak compare: warning: BASELINE is a ${kinds.baseline} and CURRENT a ${kinds.current}; their calls differ in length, which alone can move their metrics`);
  }

  const comparison = compareRuns(baseline.run, current.run, {
    alpha: options.alpha,
    adjust: options.adjust,
    minCalls: options.minCalls,
    sources: { baseline: baseline.source, current: current.source },
  });
  if (comparison.rows.length === 0) {
    throw new UsageError(
      `BASELINE and CURRENT share no scenario (baseline: ${scenariosOf(baseline.run).join(', ') || 'no calls'}; current: ${scenariosOf(current.run).join(', ') || 'no calls'})`,
    );
  }
  const outDir = options.out ?? current.runDir;
  const { markdown } = outDir === null ? { markdown: renderMarkdown(comparison) } : writeComparison(outDir, comparison);
  process.stdout.write(markdown);
  if (outDir !== null) log(`callsoak compare: wrote ${displayPath(join(resolve(outDir), COMPARE_MD))} and ${COMPARE_HTML}`);
  if (comparison.counts.insufficient > 0 && comparison.counts.insufficient === comparison.rows.length) {
    log(`callsoak compare: warning: no metric had ${comparison.minCalls} calls on both sides; nothing was tested (run with --repeat)`);
  }
  return comparison;
}

/** Which argument is which, or a UsageError that says how to call the command. */
function positional(first: string | undefined, second: string | undefined, baselineOption: string | undefined): { baselineArg: string; currentArg: string } {
  if (baselineOption !== undefined) {
    if (second !== undefined) throw new UsageError(`give the baseline either as --baseline or as the first argument, not both (got --baseline ${baselineOption}, ${first} and ${second})`);
    if (first === undefined) throw new UsageError(`--baseline ${baselineOption} needs CURRENT: a run directory or a history id`);
    return { baselineArg: baselineOption, currentArg: first };
  }
  if (first === undefined) throw new UsageError(`compare needs BASELINE and CURRENT (run directories or history ids), or --baseline ${LAST_GREEN} CURRENT`);
  if (second === undefined) throw new UsageError(`compare needs a baseline for ${first}: give BASELINE CURRENT, or --baseline ${LAST_GREEN} ${first}`);
  return { baselineArg: first, currentArg: second };
}
