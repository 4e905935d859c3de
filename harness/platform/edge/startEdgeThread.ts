/**
 * Runs the edge in a worker thread of its own (edgeThreadMain.ts) and hands back the EdgeCore
 * that talks to it, as the relay does (harness/relay/startRelayThread.ts): only requests,
 * answers and leg-gone events cross, a few per call. A thread: it dies with the Playwright
 * worker that started it.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EdgeCore } from './createEdgeCore.ts';
import type { EdgeLegName } from './edgeLeg.ts';
import type { EdgeMethodName, FromEdgeThread, ToEdgeThread } from './edgeThreadProtocol.ts';
import type { EdgeCoreOptions } from './startMediaEdgeOptions.ts';

const ENTRY = fileURLToPath(new URL('./edgeThreadMain.ts', import.meta.url));
/** esbuild's command-line binary (the package's `bin`), run once per process to bundle the thread's code */
const ESBUILD_BIN = join(dirname(createRequire(import.meta.url).resolve('esbuild')), '..', 'bin', 'esbuild');
/**
 * werift's CommonJS dependencies (debug, …) require node builtins at run time; an ES module
 * bundle has no `require`, so the bundle gets one (builtins only: every package is bundled)
 */
const REQUIRE_BANNER = "import{createRequire as __edgeRequire}from'node:module';const require=__edgeRequire('file:///');";
/** how long the thread may take to start, ms */
const START_MS = 15_000;
/** how long a closing thread may take to exit before it is terminated, ms */
const EXIT_MS = 5_000;

let threadCode: URL | undefined;

/** the thread's code: edgeThreadMain.ts, werift and what they import, bundled once per process (see startRelayThread.ts for why a bundle) */
function edgeThreadCode(): URL {
  threadCode ??= new URL(
    `data:text/javascript,${encodeURIComponent(
      execFileSync(ESBUILD_BIN, [ENTRY, '--bundle', '--format=esm', '--platform=node', '--target=node20', '--log-level=error', `--banner:js=${REQUIRE_BANNER}`], {
        encoding: 'utf8',
        maxBuffer: 32 * 1024 * 1024,
      }),
    )}`,
  );
  return threadCode;
}

export async function startEdgeThread(opts: EdgeCoreOptions, onLegGone: (callId: string, leg: EdgeLegName, detail: string) => void): Promise<EdgeCore> {
  const thread = new Worker(edgeThreadCode(), { workerData: opts });
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let closeAsked = false;
  /** why the edge cannot answer any more (it failed, or was closed); null while it runs */
  let gone: string | null = null;
  const fail = (why: string) => {
    gone ??= why;
    for (const { reject } of pending.values()) reject(new Error(gone));
    pending.clear();
  };
  thread.on('error', (error) => fail(`the edge's thread failed: ${error.message}`));
  void exited.then((code) => fail(closeAsked ? 'the media edge is closed' : `the edge's thread exited (code ${code})`));

  let onReady: (() => void) | undefined;
  thread.on('message', (message: FromEdgeThread) => {
    if (message.kind === 'ready') return onReady?.();
    if (message.kind === 'legGone') return onLegGone(message.callId, message.leg, message.detail);
    const caller = pending.get(message.id);
    pending.delete(message.id);
    if ('error' in message) caller?.reject(new Error(message.error));
    else caller?.resolve(message.value);
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the edge's thread did not start within ${START_MS} ms`)), START_MS);
    onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(gone ?? "the edge's thread exited while starting"));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stopThread(thread, exited);
    throw error;
  }

  const call = <M extends EdgeMethodName>(method: M, ...args: Parameters<EdgeCore[M]>): ReturnType<EdgeCore[M]> => {
    if (gone) return Promise.reject(new Error(gone)) as ReturnType<EdgeCore[M]>;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      thread.postMessage({ id, method, args } as ToEdgeThread);
    }) as ReturnType<EdgeCore[M]>;
  };

  let closing: Promise<void> | null = null;
  return {
    answer: (offerSdp, callId, answerOpts) => call('answer', offerSdp, callId, answerOpts),
    consumerOffer: (callId, version) => call('consumerOffer', callId, version),
    answerConsumer: (callId, offerSdp) => call('answerConsumer', callId, offerSdp),
    report: (callId) => call('report', callId),
    release: (callId) => call('release', callId),
    close() {
      closing ??= (async () => {
        const closed = call('close').catch(() => undefined);
        closeAsked = true;
        await closed;
        fail('the media edge is closed');
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
