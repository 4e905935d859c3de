/**
 * `callsoak history [list]` shows the run history; `callsoak history add RUN_DIR...` records
 * finished run directories in it (what `run` does itself once it records its runs, and what
 * a CI job does for runs made elsewhere). Exit 0, or 2 for a usage error.
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import { appendRun, defaultHistoryDir, listRuns } from '../history/historyStore.ts';
import { loadResultsFile } from '../history/loadComparedRun.ts';

const HISTORY_OPTION = ['--history <dir>', 'history directory (default reports/history)'] as const;

function historyDir(options: { history?: string }): string {
  return resolve(options.history ?? defaultHistoryDir());
}

function listCommand(): Command {
  return new Command('list')
    .description('list the runs in the history, oldest first: id, status, kind (run or soak), calls, git revision, scenarios')
    .option(...HISTORY_OPTION)
    .allowExcessArguments(false)
    .action((options: { history?: string }) => {
      const dir = historyDir(options);
      const { runs, problems } = listRuns(dir);
      for (const problem of problems) process.stderr.write(`callsoak history: warning: ${problem}\n`);
      if (runs.length === 0) {
        process.stdout.write(`history ${displayPath(dir)} holds no runs\n`);
        return;
      }
      const lines = runs.map((r) =>
        [r.id, r.status.padEnd(11), r.kind.padEnd(4), `${r.calls} call${r.calls === 1 ? '' : 's'}`.padEnd(9), r.gitRevision ? r.gitRevision.slice(0, 10) : '-'.padEnd(10), r.scenarios.join(',') + (r.note ? `  (${r.note})` : '')].join('  '),
      );
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = EXIT.ok;
    });
}

function addCommand(): Command {
  return new Command('add')
    .description('record finished run directories (their results.json) in the history; earlier records are never changed')
    .argument('<runDirs...>', 'run directories holding results.json')
    .option(...HISTORY_OPTION)
    .action((runDirs: string[], options: { history?: string }) => {
      const dir = historyDir(options);
      // read them all first: one bad directory adds nothing
      const loaded = runDirs.map((runDir) => ({ runDir, results: loadResultsFile(runDir, 'history add') }));
      for (const { runDir, results } of loaded) {
        let appended;
        try {
          appended = appendRun(dir, runDir, results);
        } catch (error) {
          throw new UsageError(`${runDir}: ${(error as Error).message}`, EXIT.usage);
        }
        const what = appended.alreadyRecorded ? 'already in' : 'recorded in';
        process.stdout.write(`${appended.id} (${results.run.status}, ${results.calls.length} calls) ${what} history ${displayPath(dir)}\n`);
      }
      process.exitCode = EXIT.ok;
    });
}

export function historyCommand(): Command {
  const command = new Command('history').description('the run history compare --baseline last-green reads: list it, add runs to it');
  command.addCommand(listCommand(), { isDefault: true }).addCommand(addCommand());
  // main.ts makes its direct subcommands throw instead of exiting; these are one level deeper
  for (const sub of command.commands) sub.exitOverride();
  return command;
}
