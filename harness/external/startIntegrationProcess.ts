/**
 * A team's own business integration as a black box process (worker side): started with a shell
 * command, its output kept (a ring of recent lines, and every line in a log file), and always
 * stopped with everything it started.
 *
 * The worker does not own the command directly: its child is integrationWatchdog.mjs, which runs
 * the command in a process group of its own and ends that group when told to, when the worker's
 * IPC channel closes (the worker died, even by SIGKILL, when no teardown runs), on
 * SIGTERM/SIGINT/SIGHUP, or when the command's own process ends. The watchdog has a process group
 * of its own too, so a SIGKILL to the worker's whole group (a CI runner, `kill -9 -PGID`) cannot
 * take it down together with the worker; Ctrl-C reaches the worker, whose teardown calls stop().
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath } from '../paths/displayPath.ts';

const WATCHDOG = fileURLToPath(new URL('./integrationWatchdog.mjs', import.meta.url));
/** lines kept by lines(): the newest ones */
export const MAX_KEPT_LINES = 2_000;
/** a line longer than this, in characters, is cut there (the rest starts a new line) so a command writing without newlines cannot grow memory */
const MAX_LINE_CHARS = 16_384;
/** how long the watchdog may take to start the command and report its pid, ms */
const START_MS = 10_000;

export interface IntegrationProcessOptions {
  /** shell command line, run as `/bin/sh -c command`, e.g. `npm start` */
  command: string;
  /** directory the command runs in; must exist */
  cwd: string;
  /** variables added to (and overriding) the worker's own environment for the command */
  env: Record<string, string>;
  /** file the command's stdout and stderr are appended to, one line each as `ISO-time out|err text`; its directory is created */
  logPath: string;
  /** how long the process group has after SIGTERM before SIGKILL, ms; default 5000 */
  graceMs?: number;
}

/** one line of the command's output */
export interface OutputLine {
  /** when the worker received it, ms since the Unix epoch */
  atMs: number;
  /** the stream it came from */
  stream: 'out' | 'err';
  /** the line, without its newline */
  text: string;
}

/** how the command's own process (the shell running the command) ended */
export interface IntegrationExit {
  /** exit code; null when it ended by a signal or never started */
  code: number | null;
  /** signal that ended it, e.g. 'SIGTERM'; null when it exited by itself */
  signal: string | null;
}

export interface IntegrationStopped extends IntegrationExit {
  /** whether the group outlived graceMs after SIGTERM and needed SIGKILL */
  killed: boolean;
}

export interface IntegrationProcess {
  /** pid of the shell running the command, also the id of its process group: the root of the integration's process tree */
  readonly pid: number;
  /** the newest MAX_KEPT_LINES (2000) lines of output, oldest first (a copy) */
  lines(): OutputLine[];
  /** settles when the command's own process has ended (by itself, or stopped); never rejects */
  readonly exited: Promise<IntegrationExit>;
  /** whether the command's own process is still running */
  running(): boolean;
  /** ends the whole process group (SIGTERM, SIGKILL after graceMs) and settles once it is gone and the log is written; idempotent */
  stop(): Promise<IntegrationStopped>;
}

type FromWatchdog =
  | { kind: 'started'; pid: number }
  | { kind: 'failed'; message: string }
  | { kind: 'output'; stream: 'out' | 'err'; text: string }
  | { kind: 'exit'; code: number | null; signal: string | null }
  | { kind: 'gone'; killed: boolean };

export async function startIntegrationProcess(options: IntegrationProcessOptions): Promise<IntegrationProcess> {
  const graceMs = options.graceMs ?? 5_000;
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new Error(`integration graceMs must be a number of ms ≥ 0, got ${graceMs}`);
  if (!statSync(options.cwd, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`integration cwd ${displayPath(options.cwd)} is not a directory`);
  mkdirSync(dirname(options.logPath), { recursive: true });
  const log = createWriteStream(options.logPath, { flags: 'a' });
  const logClosed = new Promise<void>((resolve) => {
    log.once('close', resolve);
    log.once('error', () => resolve()); // a log that cannot be written must not keep the integration running
  });

  const kept: OutputLine[] = [];
  const partial = { out: '', err: '' };
  const addLine = (stream: 'out' | 'err', text: string) => {
    const atMs = Date.now();
    kept.push({ atMs, stream, text });
    if (kept.length > MAX_KEPT_LINES) kept.splice(0, kept.length - MAX_KEPT_LINES);
    if (!log.destroyed) log.write(`${new Date(atMs).toISOString()} ${stream} ${text}\n`);
  };
  const addText = (stream: 'out' | 'err', text: string) => {
    const pieces = (partial[stream] + text).split('\n');
    partial[stream] = pieces.pop() ?? '';
    for (const piece of pieces) addLine(stream, piece.replace(/\r$/, ''));
    while (partial[stream].length > MAX_LINE_CHARS) {
      addLine(stream, partial[stream].slice(0, MAX_LINE_CHARS));
      partial[stream] = partial[stream].slice(MAX_LINE_CHARS);
    }
  };

  const flushPartial = () => {
    for (const stream of ['out', 'err'] as const) if (partial[stream]) addLine(stream, partial[stream]);
    partial.out = partial.err = '';
  };

  // The watchdog is bare node: no execArgv (a worker's loaders would slow it down), and no
  // NODE_OPTIONS (meant for the team's command, which gets the full environment over IPC; env
  // over IPC rather than argv also keeps secrets out of `ps`).
  const { NODE_OPTIONS: _nodeOptions, ...watchdogEnv } = process.env;
  const watchdog = spawn(process.execPath, [WATCHDOG], { cwd: options.cwd, env: watchdogEnv, detached: true, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  watchdog.stderr?.setEncoding('utf8');
  watchdog.stderr?.on('data', (text: string) => addText('err', text.replace(/^(?=.)/gm, 'integration watchdog: ')));

  watchdog.send({ kind: 'start', command: options.command, env: { ...process.env, ...options.env }, graceMs });

  let pid: number | undefined;
  let exit: IntegrationExit | undefined;
  let killed = false;
  let groupGone = false;
  let resolveExited!: (exit: IntegrationExit) => void;
  const exited = new Promise<IntegrationExit>((resolve) => (resolveExited = resolve));
  const setExit = (value: IntegrationExit) => {
    if (exit) return;
    exit = value;
    resolveExited(value);
  };

  const started = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`integration command did not start within ${START_MS} ms: ${options.command}`)), START_MS);
    watchdog.on('message', (message: FromWatchdog) => {
      if (message.kind === 'started') {
        clearTimeout(timer);
        resolve(message.pid);
      } else if (message.kind === 'failed') {
        clearTimeout(timer);
        reject(new Error(`integration command could not start (${message.message}): ${options.command}`));
      }
    });
    watchdog.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`integration watchdog could not start (${error.message})`));
    });
    watchdog.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`integration watchdog ended before the command started (${signal ?? `code ${code}`})`));
    });
  });
  watchdog.on('message', (message: FromWatchdog) => {
    if (message.kind === 'output') addText(message.stream, message.text);
    else if (message.kind === 'exit') {
      // the watchdog sends the exit after the command's pipes ended: an unfinished last line is final
      flushPartial();
      setExit({ code: message.code, signal: message.signal });
    } else if (message.kind === 'gone') {
      killed = message.killed;
      groupGone = true;
    }
  });

  const closed = new Promise<void>((resolve) => {
    watchdog.once('close', () => {
      // A watchdog that ended without seeing the group gone (it was SIGKILLed itself) leaves the
      // group to us: kill it outright, since nobody is left to wait out a grace period.
      if (!groupGone && pid !== undefined) {
        try {
          process.kill(-pid, 'SIGKILL');
          killed = true;
        } catch {
          // already gone
        }
      }
      flushPartial();
      setExit({ code: null, signal: null });
      log.end();
      void logClosed.then(resolve);
    });
  });

  try {
    pid = await started;
  } catch (error) {
    watchdog.kill('SIGTERM');
    await closed;
    throw error;
  }
  const rootPid = pid;

  let stopping: Promise<IntegrationStopped> | undefined;
  return {
    pid: rootPid,
    lines: () => kept.slice(),
    exited,
    running: () => exit === undefined,
    stop() {
      stopping ??= (async () => {
        if (watchdog.connected) watchdog.send({ kind: 'stop' });
        await closed;
        return { ...(exit ?? { code: null, signal: null }), killed };
      })();
      return stopping;
    },
  };
}
