// @ts-check
/**
 * The watchdog between the Playwright worker (its owner) and a team's integration command; see
 * startIntegrationProcess.ts. It runs `/bin/sh -c COMMAND` in a process group of its own, sends the
 * command's output and exit to the owner over IPC, and ends the whole group (SIGTERM, then SIGKILL
 * after graceMs) when the owner asks, when its IPC channel to the owner closes (the owner died, even
 * by SIGKILL, which runs no teardown), when it gets SIGTERM/SIGINT/SIGHUP, or when the command's own
 * process ends (whatever it left running in the background goes too). It exits once the group is gone.
 *
 * Plain JavaScript on purpose: it starts with bare `node` in ~60 ms instead of ~300 ms under tsx's
 * loader, and it must not depend on anything that could fail to load (node_modules, a loader in
 * NODE_OPTIONS) while it is the one thing standing between a dead worker and a stray server.
 *
 * Messages, owner → watchdog: {kind:'start', command, env, graceMs} once, then {kind:'stop'}.
 * Watchdog → owner, in this order on one channel (so output always precedes the exit):
 * {kind:'started', pid} | {kind:'failed', message}, {kind:'output', stream:'out'|'err', text}*,
 * {kind:'exit', code, signal}, {kind:'gone', killed}.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** how often the group is looked at while it is stopping, ms */
const POLL_MS = 50;
/** how long SIGKILLed processes may take to vanish before the watchdog stops waiting, ms */
const AFTER_KILL_MS = 3_000;
/** how long the command's pipes may take to drain once the group is gone, ms */
const DRAIN_MS = 1_000;

/** @type {import('node:child_process').ChildProcess | undefined} */
let child;
/** @type {Promise<void>} */
let childExited = Promise.resolve();
let graceMs = 5_000;
let stopping = false;

/** @param {object} message */
function send(message) {
  // The owner may already be gone; then there is nobody to tell, and the group is stopped anyway.
  if (process.connected) process.send?.(message, () => {});
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for `promise`, at most `ms`; the timer is cleared after, since a pending one would keep
 * the watchdog alive that long.
 * @param {Promise<unknown>} promise @param {number} ms
 */
function atMost(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/**
 * Whether any live process is left in the group. kill(2) also reaches zombies, and a member whose
 * parent died waits for PID 1 to reap it (seconds on some VMs): dead, yet still there. On Linux the
 * group's members are read from /proc and zombies do not count; elsewhere kill(2) alone decides.
 * @param {number} pgid
 */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // it ended while we looked
    }
    // after the parenthesised command name: state ppid pgrp ...
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/** @param {number} pgid @param {NodeJS.Signals} signal */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** @param {number} pgid @param {number} ms @returns {Promise<boolean>} whether it is gone */
async function waitGone(pgid, ms) {
  const until = Date.now() + ms;
  while (groupAlive(pgid)) {
    if (Date.now() >= until) return false;
    await delay(POLL_MS);
  }
  return true;
}

async function stop() {
  if (stopping) return;
  stopping = true;
  let killed = false;
  const pgid = child?.pid;
  if (pgid !== undefined && groupAlive(pgid)) {
    signalGroup(pgid, 'SIGTERM');
    if (!(await waitGone(pgid, graceMs))) {
      signalGroup(pgid, 'SIGKILL');
      killed = true;
      await waitGone(pgid, AFTER_KILL_MS);
    }
  }
  // Every writer is dead now, so the pipes end at once unless a process escaped the group; the
  // exit event may trail the group check (the shell is dead before Node reaps it).
  const drained = Promise.all([child?.stdout, child?.stderr].map((s) => (s && !s.readableEnded && !s.destroyed ? new Promise((r) => s.once('close', r)) : undefined)));
  await atMost(Promise.all([drained, childExited]), DRAIN_MS);
  child?.stdout?.destroy();
  child?.stderr?.destroy();
  send({ kind: 'gone', killed });
  if (process.connected) process.disconnect();
  // Nothing else keeps the event loop alive, so the process ends here; the timer is a backstop.
  setTimeout(() => process.exit(0), DRAIN_MS).unref();
}

/** @param {{ command: string, env: Record<string, string>, graceMs: number }} start */
function start(start) {
  graceMs = start.graceMs;
  const spawned = spawn('/bin/sh', ['-c', start.command], { detached: true, env: start.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = spawned;
  childExited = new Promise((resolve) => {
    spawned.once('error', (error) => {
      send({ kind: 'failed', message: error.message });
      resolve();
      void stop();
    });
    spawned.once('exit', (code, signal) => {
      // Wait for the pipes first, so the owner has the command's last words before its exit; a
      // background process still holding them must not hold the exit back for long.
      const ended = [spawned.stdout, spawned.stderr].map((s) => (s && !s.readableEnded ? new Promise((r) => s.once('end', r)) : undefined));
      void atMost(Promise.all(ended), 200).then(() => {
        send({ kind: 'exit', code, signal });
        resolve();
        void stop();
      });
    });
  });
  spawned.once('spawn', () => send({ kind: 'started', pid: spawned.pid }));
  for (const [stream, from] of /** @type {const} */ ([['out', spawned.stdout], ['err', spawned.stderr]])) {
    from.setEncoding('utf8');
    from.on('data', (text) => send({ kind: 'output', stream, text }));
  }
}

process.on('message', (/** @type {any} */ message) => {
  if (message?.kind === 'start' && child === undefined && !stopping) start(message);
  else if (message?.kind === 'stop') void stop();
});
process.on('disconnect', () => void stop());
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) process.on(signal, () => void stop());
