/**
 * Starts a worker thread that answers its owner's requests by id (rpcThreadProtocol.ts) and hands
 * back the owner's side: a typed `call`, what the thread's `ready` carried, and `close`. Used by
 * the relay (harness/relay/startRelayThread.ts) and the media edge
 * (harness/platform/edge/startEdgeThread.ts); what a thread does with its requests is its own.
 */
import { Worker } from 'node:worker_threads';
import type { RpcFailed, RpcMethods, RpcReady, RpcReply, RpcRequest } from './rpcThreadProtocol.ts';

/** how long a closing thread may take to exit before it is terminated, ms */
const EXIT_MS = 5_000;

export interface RpcThreadOptions<Event> {
  /** the thread's code (bundleThreadEntry.ts) */
  code: URL;
  workerData: unknown;
  /** the thread as error messages name it, e.g. "the relay's thread" */
  name: string;
  /** why every call fails once the owner closed it, e.g. 'the relay is closed' */
  closedMessage: string;
  /** how long the thread may take to send `ready`, ms */
  startMs: number;
  /** a message the thread sends of its own accord (neither the handshake nor a reply) */
  onEvent?: (event: Event) => void;
}

export interface RpcThread<Methods extends RpcMethods<Methods>, Ready> {
  /** the thread's `ready` message, with what it carries */
  ready: Ready;
  /** calls the method in the thread; rejects with the thread's error, or once the thread is gone */
  call<M extends keyof Methods>(method: M, ...args: Parameters<Methods[M]>): Promise<Awaited<ReturnType<Methods[M]>>>;
  /** asks the thread to close (its `close` method), then ends it; once, however often it is called */
  close(): Promise<void>;
}

type FromRpcThread<Event> = RpcReady | RpcFailed | RpcReply | Event;

export async function startRpcThread<Methods extends RpcMethods<Methods> & { close(): unknown }, Ready extends object = object, Event extends { kind: string } = never>(
  opts: RpcThreadOptions<Event>,
): Promise<RpcThread<Methods, Ready>> {
  const thread = new Worker(opts.code, { workerData: opts.workerData });
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let closeAsked = false;
  /** why the thread cannot answer any more (it failed, or was closed); null while it runs */
  let gone: string | null = null;
  const fail = (why: string) => {
    gone ??= why;
    for (const { reject } of pending.values()) reject(new Error(gone));
    pending.clear();
  };
  thread.on('error', (error) => fail(`${opts.name} failed: ${error.message}`));
  void exited.then((code) => fail(closeAsked ? opts.closedMessage : `${opts.name} exited (code ${code})`));

  let onStart: ((message: RpcReady | RpcFailed) => void) | undefined;
  thread.on('message', (message: FromRpcThread<Event>) => {
    if (message.kind === 'ready' || message.kind === 'failed') return onStart?.(message as RpcReady | RpcFailed);
    if (message.kind !== 'reply') return opts.onEvent?.(message as Event);
    const reply = message as RpcReply;
    const caller = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) caller?.reject(new Error(reply.error));
    else caller?.resolve(reply.value);
  });
  const ready = new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.name} did not start within ${opts.startMs} ms`)), opts.startMs);
    onStart = (message) => {
      clearTimeout(timer);
      if (message.kind === 'ready') resolve(message as RpcReady & Ready);
      else reject(new Error(message.message));
    };
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(gone ?? `${opts.name} exited while starting`));
    });
  });
  let started: Ready;
  try {
    started = await ready;
  } catch (error) {
    await stopThread(thread, exited);
    throw error;
  }

  const send = (method: keyof Methods, args: unknown[]): Promise<unknown> => {
    if (gone) return Promise.reject(new Error(gone));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      thread.postMessage({ id, method, args } as RpcRequest<Methods>);
    });
  };

  let closing: Promise<void> | null = null;
  return {
    ready: started,
    call: (method, ...args) => send(method, args) as Promise<Awaited<ReturnType<Methods[typeof method]>>>,
    close() {
      closing ??= (async () => {
        const closed = send('close', []).catch(() => undefined);
        closeAsked = true;
        await closed;
        fail(opts.closedMessage);
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
