/**
 * Runs `callsoak relay` the way harness/cli/main.ts runs commands (exitOverride, UsageError →
 * message + exit code), for tests that start the relay command as a child process before
 * main.ts registers it. Usage: node bin/run-ts.js tests/unit/relay/support/relayCli.ts relay [flags]
 */
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from '../../../../harness/cli/exitCodes.ts';
import { relayCommand } from '../../../../harness/cli/relayCommand.ts';

const root = new Command('callsoak').addCommand(relayCommand());
for (const command of [root, ...root.commands]) command.exitOverride();
try {
  await root.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  else if (error instanceof UsageError) {
    process.stderr.write(`callsoak: ${error.message}\n`);
    process.exitCode = error.code;
  } else throw error;
}
