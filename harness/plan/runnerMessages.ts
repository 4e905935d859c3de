/**
 * What Playwright's runner tells the CLI that started it, beside the call lines it prints: a
 * pipe on a file descriptor of its own, one JSON message per line. Needed because the runner's
 * stdout and stderr go straight to the user's terminal, and a full disk leaves no file to say
 * it in.
 */
import { writeSync } from 'node:fs';

/** names the runner's end of the pipe; the CLI sets it when it starts Playwright */
export const RUNNER_MESSAGES_FD_ENV = 'CALLSOAK_MESSAGES_FD';

/** the file descriptor the CLI gives the pipe (stdin, stdout, stderr, then this) */
export const RUNNER_MESSAGES_FD = 3;

export type RunnerMessage =
  /** a file of the run could not be written; the runner stopped starting calls */
  { writeFailure: { path: string; code: string; reason: string } };

/** Sends a message to the CLI; a runner started some other way has nobody to tell, and says nothing. */
export function sendRunnerMessage(message: RunnerMessage, env: NodeJS.ProcessEnv = process.env): void {
  const fd = Number(env[RUNNER_MESSAGES_FD_ENV]);
  if (!Number.isInteger(fd) || fd < 3) return;
  try {
    writeSync(fd, `${JSON.stringify(message)}\n`);
  } catch {
    // the CLI is gone; what it would have printed, the runner prints too
  }
}

/** The messages in what the CLI read from the pipe; a line that is not one is skipped. */
export function parseRunnerMessages(text: string): RunnerMessage[] {
  const messages: RunnerMessage[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as RunnerMessage;
      if (value && typeof value === 'object' && 'writeFailure' in value) messages.push(value);
    } catch {
      // not ours
    }
  }
  return messages;
}
