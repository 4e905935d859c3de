/**
 * `callsoak compare` and `callsoak history` as a process, until harness/cli/main.ts
 * registers them: the same root-program setup and error handling as main() (usage errors
 * print `callsoak: …` and exit with their code, never a stack trace).
 * Run: node bin/run-ts.js THIS compare … | history …
 */
import { Command, CommanderError } from 'commander';
import { compareCommand } from '../../../../harness/cli/compareCommand.ts';
import { historyCommand } from '../../../../harness/cli/historyCommand.ts';
import { EXIT, UsageError } from '../../../../harness/cli/exitCodes.ts';

const root = new Command('callsoak').addCommand(compareCommand()).addCommand(historyCommand());
for (const command of [root, ...root.commands]) command.exitOverride();
try {
  await root.parseAsync(process.argv);
  process.exitCode = typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  else if (error instanceof UsageError) {
    process.stderr.write(`callsoak: ${error.message}\n`);
    process.exitCode = error.code;
  } else throw error;
}
