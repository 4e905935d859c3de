/**
 * Starting and stopping the two servers the relay benchmark compares: our relay (a child
 * process running relay-serve.ts) and coturn's turnserver with a temporary configuration
 * (loopback listening and relaying, long-term credentials, loopback peers allowed: coturn
 * refuses them by default).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TurnClient } from '../harness/relay/client/turnClient.ts';
import { Method } from '../harness/relay/core/stunConstants.ts';
import { PASSWORD, REALM, USER } from './relay-load.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Command prefix that pins a server to one CPU (`taskset -c N`), or [] to leave placement to
 * the kernel. The benchmark pins itself to CPU 0 and the servers to CPU 1, so the load
 * generator never competes with the relay it measures.
 */
export type CpuPin = string[];

export interface RunningServer {
  child: ChildProcess;
  port: number;
  /** coturn's version, or 'callsoak' */
  version: string;
}

/** a random even port for coturn (it cannot report an ephemeral one); startCoturn retries on a clash */
function freePortCandidate(): number {
  return 20_000 + Math.floor(Math.random() * 10_000) * 2;
}

/** resolves once a Binding request on 127.0.0.1:`port` is answered */
async function waitForTurn(port: number): Promise<void> {
  const probe = await TurnClient.connect({ serverPort: port, username: USER, password: PASSWORD, attempts: 3 });
  try {
    for (let i = 0; i < 20; i++) {
      try {
        await probe.request(Method.binding, () => {}, false);
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`no TURN server answered on 127.0.0.1:${port}`);
  } finally {
    probe.close();
  }
}

/** CPU time (user + system) a process has used so far, ms (Linux /proc) */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (100 Hz)
}

/** our relay in a child process; `nodeFlags` go to its node (e.g. --cpu-prof) */
export async function startOurs(pin: CpuPin, nodeFlags: string[] = [], serveArgs: string[] = []): Promise<RunningServer> {
  const command = [...pin, process.execPath, ...nodeFlags, 'bin/run-ts.js', 'bench/relay-serve.ts', ...serveArgs];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString().split('\n')[0]!) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`our relay exited early (${code})`)));
  });
  return { child, port, version: 'callsoak' };
}

/** coturn's turnserver on 127.0.0.1 with its pid and log files in `dir` */
export async function startCoturn(dir: string, pin: CpuPin): Promise<RunningServer> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = freePortCandidate();
    const child = spawn(pin[0] ?? 'turnserver', [...pin.slice(1), ...(pin.length > 0 ? ['turnserver'] : []),
      '-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
      '--lt-cred-mech', `--user=${USER}:${PASSWORD}`, `--realm=${REALM}`,
      '--no-tls', '--no-dtls', '--no-tcp-relay', '--allow-loopback-peers', '--no-cli', '--no-software-attribute',
      `--pidfile=${join(dir, 'turnserver.pid')}`, `--log-file=${join(dir, 'turn.log')}`, '--simple-log', '--no-stdout-log',
      `--min-port=${port + 2}`, `--max-port=${port + 400}`,
    ], { stdio: ['ignore', 'ignore', 'ignore'] });
    try {
      await waitForTurn(port);
      let version = 'unknown';
      try {
        version = /Version Coturn-([\d.]+)/.exec(readFileSync(join(dir, 'turn.log'), 'utf8'))?.[1] ?? version;
      } catch {
        // the version is only for the report
      }
      return { child, port, version };
    } catch {
      child.kill('SIGKILL');
    }
  }
  throw new Error('coturn did not start');
}

/** SIGTERM and wait for the exit */
export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

