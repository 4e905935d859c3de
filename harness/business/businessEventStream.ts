/**
 * How the receiver hands events to the application, after it has answered the platform: typed
 * listeners per kind, and an async iterator over all events. A listener may be slow or async;
 * nothing waits for it, and a listener that throws (or rejects) is reported through `onError`
 * rather than taking the receiver down. The iterator's queue is bounded: past `maxQueued`
 * unread events the oldest are dropped and counted (`droppedFromIterator`), so an application
 * that never reads the iterator cannot grow memory without bound.
 */
import type { BusinessEvent, BusinessEventKind } from './businessEvent.ts';

type EventOf<K extends BusinessEventKind> = Extract<BusinessEvent, { kind: K }>;
type Listener<E> = (event: E) => void | Promise<void>;

/** Default cap on unread events per iterator. */
export const DEFAULT_MAX_QUEUED = 10_000;

export class BusinessEventStream {
  private readonly listeners = new Map<BusinessEventKind | '*', Set<Listener<never>>>();
  private readonly readers = new Set<{ queue: BusinessEvent[]; wake: (() => void) | null }>();
  private closed = false;
  /** events dropped from an iterator's full queue */
  droppedFromIterator = 0;

  /**
   * @param onError told about each listener that threw or rejected, with the event it was handling
   * @param maxQueued unread events kept per iterator
   */
  constructor(
    private readonly onError: (error: unknown, event: BusinessEvent) => void,
    private readonly maxQueued = DEFAULT_MAX_QUEUED,
  ) {}

  /** Listens to one kind of event, or '*' for all. Returns the unsubscribe. */
  on<K extends BusinessEventKind>(kind: K, listener: Listener<EventOf<K>>): () => void;
  on(kind: '*', listener: Listener<BusinessEvent>): () => void;
  on(kind: BusinessEventKind | '*', listener: Listener<never>): () => void {
    let set = this.listeners.get(kind);
    if (!set) this.listeners.set(kind, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Hands one event to every listener and iterator; returns at once. */
  emit(event: BusinessEvent): void {
    for (const listener of [...(this.listeners.get(event.kind) ?? []), ...(this.listeners.get('*') ?? [])]) {
      try {
        const result = (listener as Listener<BusinessEvent>)(event);
        if (result instanceof Promise) result.catch((error: unknown) => this.onError(error, event));
      } catch (error) {
        this.onError(error, event);
      }
    }
    for (const reader of this.readers) {
      reader.queue.push(event);
      if (reader.queue.length > this.maxQueued) {
        reader.queue.shift();
        this.droppedFromIterator++;
      }
      reader.wake?.();
    }
  }

  /** Ends every iterator (after the events already queued). */
  close(): void {
    this.closed = true;
    for (const reader of this.readers) reader.wake?.();
  }

  /** Every event emitted from now on, until close(). */
  async *[Symbol.asyncIterator](): AsyncGenerator<BusinessEvent> {
    const reader = { queue: [] as BusinessEvent[], wake: null as (() => void) | null };
    this.readers.add(reader);
    try {
      for (;;) {
        const next = reader.queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => (reader.wake = resolve));
        reader.wake = null;
      }
    } finally {
      this.readers.delete(reader);
    }
  }
}
