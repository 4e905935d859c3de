/**
 * The callsoak command line (node side). Each command is its own module; this file only
 * assembles them and turns user mistakes into messages and exit codes, never stack traces.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import { WriteFailure } from '../results/runDirWrites.ts';
import { HARNESS_VERSION } from './packageFiles.ts';
import { runCommand } from './runCommand.ts';
import { soakCommand } from './soakCommand.ts';
import { validateCommand } from './validateCommand.ts';
import { listCommand } from './listCommand.ts';
import { relayCommand } from './relayCommand.ts';
import { reportCommand } from './reportCommand.ts';
import { reproCommand } from './reproCommand.ts';
import { compareCommand } from './compareCommand.ts';
import { historyCommand } from './historyCommand.ts';
import { mergeCommand } from './mergeCommand.ts';

export function program(): Command {
  const root = new Command('callsoak')
    .description('Headless WebRTC soak testing: real Chromium calls, an impairing TURN relay, call_metrics checks')
    .version(HARNESS_VERSION)
    .addCommand(runCommand())
    .addCommand(soakCommand())
    .addCommand(validateCommand())
    .addCommand(listCommand())
    .addCommand(relayCommand())
    .addCommand(reportCommand())
    .addCommand(reproCommand())
    .addCommand(compareCommand())
    .addCommand(historyCommand())
    .addCommand(mergeCommand());
  // addCommand() does not pass settings down: every command must throw instead of exiting.
  for (const command of [root, ...root.commands]) command.exitOverride();
  return root;
}

/**
 * A reader that stops early (`callsoak run --help | head`) closes the pipe: what is left to
 * print has nowhere to go, which is not an error of the command.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? EXIT.ok);
    });
  }
}

/** @returns the process exit code */
export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; anything else commander rejects is a usage error
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`callsoak: ${error.message}\n`);
      return error.code;
    }
    // a command that could not write its files (merge, report): which file, and why
    if (error instanceof WriteFailure) {
      process.stderr.write(`callsoak: ${error.message}\n`);
      return EXIT.writeFailed;
    }
    throw error;
  }
}
