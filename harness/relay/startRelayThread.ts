/**
 * Runs the relay in a worker thread of its own (relayThreadMain.ts) and hands back the Relay
 * that talks to it. Every datagram, its impairment, its delay timer, the hand-off between two
 * allocations and the counting stay in the thread; only the owner's calls and their answers
 * cross, as messages, a few per call and per read. A thread rather than a process: it cannot
 * outlive the process that started it (a killed Playwright worker takes its relay with it),
 * and it needs no channel of its own (bench/relay-isolation.ts measures the two).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { assertValidImpairment } from './impairmentSchema.ts';
import type { FromRelayThread, RelayMethodName, ToRelayThread } from './relayThreadProtocol.ts';
import type { Relay, RelayServerOptions } from './relayTypes.ts';
import { RELAY_HOST } from './relayTypes.ts';
import type { RelayServer } from './startRelayServer.ts';

const ENTRY = fileURLToPath(new URL('./relayThreadMain.ts', import.meta.url));
/** esbuild's command-line binary (the package's `bin`), run once per process to bundle the thread's code */
const ESBUILD_BIN = join(dirname(createRequire(import.meta.url).resolve('esbuild')), '..', 'bin', 'esbuild');
/** how long the thread may take to start and listen, ms */
const START_MS = 15_000;
/** how long a closing thread may take to exit before it is terminated, ms */
const EXIT_MS = 5_000;

let threadCode: URL | undefined;

/**
 * The thread's code: relayThreadMain.ts and what it imports, bundled from the sources into one
 * module the first time a relay starts in this process. A thread gets none of its starter's
 * loaders (neither tsx's nor Playwright's); a bundle also spares it a loader of its own, which
 * would cost a thread and about three times the memory and start time. esbuild's command line,
 * not its API: the API's builds leave a service process running (a soak counts it as the
 * worker's), and stopping it would cut short the page server's bundles.
 */
function relayThreadCode(): URL {
  threadCode ??= new URL(
    `data:text/javascript,${encodeURIComponent(
      execFileSync(ESBUILD_BIN, [ENTRY, '--bundle', '--format=esm', '--platform=node', '--target=node20', '--log-level=error'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }),
    )}`,
  );
  return threadCode;
}

type Answer<M extends RelayMethodName> = Awaited<ReturnType<RelayServer[M]>>;

export async function startRelayThread(opts: RelayServerOptions): Promise<Relay> {
  const thread = new Worker(relayThreadCode(), { workerData: opts });
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let closeAsked = false;
  /** why the relay cannot answer any more (it failed, or was closed); null while it runs */
  let gone: string | null = null;
  const fail = (why: string) => {
    gone ??= why;
    for (const { reject } of pending.values()) reject(new Error(gone));
    pending.clear();
  };
  thread.on('error', (error) => fail(`the relay's thread failed: ${error.message}`));
  void exited.then((code) => fail(closeAsked ? 'the relay is closed' : `the relay's thread exited (code ${code})`));

  let onStart: ((message: Exclude<FromRelayThread, { kind: 'reply' }>) => void) | undefined;
  thread.on('message', (message: FromRelayThread) => {
    if (message.kind !== 'reply') return onStart?.(message);
    const caller = pending.get(message.id);
    pending.delete(message.id);
    if ('error' in message) caller?.reject(new Error(message.error));
    else caller?.resolve(message.value);
  });
  const listening = new Promise<{ port: number; realm: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay's thread did not start within ${START_MS} ms`)), START_MS);
    onStart = (message) => {
      clearTimeout(timer);
      if (message.kind === 'listening') resolve(message);
      else reject(new Error(message.message));
    };
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(gone ?? "the relay's thread exited while starting"));
    });
  });
  let started: { port: number; realm: string };
  try {
    started = await listening;
  } catch (error) {
    await stopThread(thread, exited);
    throw error;
  }

  const call = <M extends RelayMethodName>(method: M, ...args: Parameters<RelayServer[M]>): Promise<Answer<M>> => {
    if (gone) return Promise.reject(new Error(gone));
    const id = nextId++;
    return new Promise<Answer<M>>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      thread.postMessage({ id, method, args } as ToRelayThread);
    });
  };

  let closing: Promise<void> | null = null;
  return {
    url: `turn:${RELAY_HOST}:${started.port}?transport=udp`,
    port: started.port,
    realm: started.realm,
    isolation: 'thread',
    createCredentials: (callId, role, seedKey) => call('createCredentials', callId, role, seedKey),
    setImpairment(callId, role, direction, impairment) {
      assertValidImpairment(impairment, `${callId}.${role}.${direction}`);
      return call('setImpairment', callId, role, direction, impairment);
    },
    groundTruth: (callId) => call('groundTruth', callId),
    controlCounters: (callId) => call('controlCounters', callId),
    calls: () => call('calls'),
    stats: () => call('stats'),
    endCall: (callId) => call('endCall', callId),
    close() {
      closing ??= (async () => {
        const closed = call('close').catch(() => undefined);
        closeAsked = true;
        await closed;
        fail('the relay is closed');
        await stopThread(thread, exited);
      })();
      return closing;
    },
  };
}

/** waits for the thread to end on its own, then ends it */
async function stopThread(thread: Worker, exited: Promise<number>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), EXIT_MS)));
  if ((await Promise.race([exited, late])) === 'late') await thread.terminate();
  clearTimeout(timer);
  await exited;
}
