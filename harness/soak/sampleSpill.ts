/**
 * Keeps the newest `windowSize` items of a stream in memory and appends every item to an
 * NDJSON file (one JSON value per line), so a soak call holds a few minutes of AudioSamples
 * per peer however long it runs, while the file keeps all of them for later analysis.
 *
 * Writes go through an append-mode write stream whose buffer is bounded by `bufferBytes`:
 * `push` returns a promise that is already resolved while the buffer is under the bound and
 * otherwise resolves when the stream has drained, so a caller that awaits it never holds more
 * than `bufferBytes` + one line in memory (one that does not await loses that bound). `close()`
 * resolves once every line is written and fsynced (the stream's `flush` option, Node >= 20.10).
 * Node only.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface SampleSpillOptions {
  /** newest items kept in memory, >= 1; default 120 (two minutes of 1 s samples) */
  windowSize?: number;
  /** bound of the write buffer, bytes; default 65536 */
  bufferBytes?: number;
}

const READY: Promise<void> = Promise.resolve();

export class SampleSpill<T> {
  /** the NDJSON file every item is appended to */
  readonly file: string;
  readonly windowSize: number;
  private readonly ring: (T | undefined)[];
  /** slot the next item goes to */
  private next = 0;
  private total = 0;
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private draining: Promise<void> | undefined;

  constructor(file: string, options: SampleSpillOptions = {}) {
    const windowSize = options.windowSize ?? 120;
    const bufferBytes = options.bufferBytes ?? 65536;
    if (!Number.isInteger(windowSize) || windowSize < 1) throw new RangeError(`SampleSpill: windowSize must be an integer >= 1, got ${windowSize}`);
    if (!Number.isInteger(bufferBytes) || bufferBytes < 1) throw new RangeError(`SampleSpill: bufferBytes must be an integer >= 1, got ${bufferBytes}`);
    this.file = file;
    this.windowSize = windowSize;
    this.ring = new Array<T | undefined>(windowSize);
    this.stream = createWriteStream(file, { flags: 'a', encoding: 'utf8', highWaterMark: bufferBytes, flush: true });
    // an I/O error (disk full, missing directory) must not crash the process: it fails the next push or close
    this.stream.on('error', (error) => {
      this.failure ??= new Error(`cannot write ${file}: ${error.message}`);
    });
  }

  /** items pushed so far (all of them are, or will be, in the file) */
  get count(): number {
    return this.total;
  }

  /**
   * Keeps `item` in the window and appends it as one line. Await the result to keep the write
   * buffer bounded; it rejects when the file cannot be written. `item` must be JSON-serialisable.
   */
  push(item: T): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error(`SampleSpill: push after close (${this.file})`));
    this.ring[this.next] = item;
    this.next = (this.next + 1) % this.windowSize;
    this.total++;
    if (this.stream.write(`${JSON.stringify(item)}\n`)) return READY;
    this.draining ??= new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.draining = undefined;
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    }).then(() => (this.failure ? Promise.reject(this.failure) : undefined));
    return this.draining;
  }

  /** the newest items in memory, oldest first (a copy, at most windowSize) */
  recent(): T[] {
    const out: T[] = [];
    const n = Math.min(this.total, this.windowSize);
    for (let i = n; i > 0; i--) out.push(this.ring[(this.next - i + this.windowSize) % this.windowSize] as T);
    return out;
  }

  /** ends the file: resolves when every line is written and fsynced; rejects with the first write error. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      const settle = () => (this.failure ? reject(this.failure) : resolve());
      // a stream that already failed is closed: 'close' will not come again
      if (this.stream.closed) return settle();
      this.stream.once('close', settle);
      this.stream.end();
    });
    return this.closing;
  }
}

/**
 * Streams the items of a spill file back, one line at a time, so a 24 h file is never loaded
 * whole. Blank lines are skipped; a line that is not JSON throws `FILE:LINE: …` (a spill
 * written by a process that was killed may end in a cut line).
 */
export async function* readSpill<T = unknown>(file: string): AsyncGenerator<T> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let item: T;
      try {
        item = JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${file}:${lineNo}: not a JSON line (${(error as Error).message})`);
      }
      yield item;
    }
  } finally {
    // a reader that stops early (break, throw) must not leave the file open: readline does not close its input
    lines.close();
    input.destroy();
  }
}
