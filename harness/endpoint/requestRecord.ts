/**
 * The endpoint's durable record: a JSONL file, one line per request, appended with a single
 * write(2) before the response is sent. A crash of the harness (kill -9) therefore never loses
 * a request whose response the client saw: the kernel has the line before the client has the
 * answer. Without `fsync` a power loss can still lose the page cache; with it, each line is
 * fdatasync'ed before answering (slower; see bench/endpoint-load.ts).
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import type { FaultKind } from './faultPlanSchema.ts';

/** One request as the endpoint saw and answered it. */
export interface RequestRecord {
  /** 1-based sequence number per record file, in arrival order */
  seq: number;
  /** when the request arrived, ms since the Unix epoch (endpoint clock) */
  receivedAtMs: number;
  /** when the answer (or the reset) was handed to the socket, ms since the Unix epoch; absent = never answered */
  respondedAtMs?: number;
  /** real time from arrival to answer (or to the decision, when there is no answer), ms */
  handlingMs: number;
  method: string;
  /** URL path without the query, e.g. `/v19.0/PAGE/call_metrics` */
  path: string;
  /** query parameters; access_token redacted */
  query: Record<string, string>;
  /** the headers that matter (content-type, user-agent, origin, sec-fetch-*, authorization redacted) */
  headers: Record<string, string>;
  /** verdict on the access token, and where it came from */
  token: 'valid' | 'invalid' | 'missing' | 'not_checked';
  tokenSource: 'query' | 'body' | 'header' | null;
  /** call_id from the body when it parsed and had one (truncated to 200 characters) */
  callId: string | null;
  /** the parsed body (access_token redacted), or the raw text when it did not parse or was too big */
  body: unknown;
  /** bytes of body received (for a refused oversize body: bytes read before refusing) */
  bodyBytes: number;
  /** true when `body` holds only the start of the raw text */
  bodyTruncated: boolean;
  /** SHA-256 of the raw body bytes, hex; identical across retries of one submission */
  bodySha256: string | null;
  outcome: {
    /** HTTP status; 0 when no answer was sent (timeout, reset) */
    status: number;
    /** the JSON answered (or that would have been answered, for drop_after_accept) */
    response: unknown;
    /** true when this request's submission was stored (exactly one per call) */
    accepted: boolean;
    /** Graph error code and subcode when the answer is an error */
    graphCode?: number;
    graphSubcode?: number;
    /** the injected fault, if any */
    fault?: Exclude<FaultKind, 'none'> | 'rate_limit';
  };
}

/** Appends records to a JSONL file, one write per line. */
export class RecordWriter {
  private fd: number | null;
  /** the last seq already in the file when it was opened; 0 for a new file */
  readonly lastSeqAtOpen: number;

  /**
   * @param path the JSONL file; appended to when it exists (seq continues after its last line)
   * @param fsync fdatasync after every line; default false (a process crash still loses nothing)
   */
  constructor(
    readonly path: string,
    private readonly fsync = false,
  ) {
    const existing = existsSync(path) && statSync(path).size > 0 ? readRecordDetailed(path) : null;
    this.lastSeqAtOpen = existing?.records.at(-1)?.seq ?? 0;
    this.fd = openSync(path, 'a');
    // A torn tail from an earlier crash must not glue itself to our first line.
    if (existing?.tornTail) this.writeAll('\n');
  }

  /**
   * Serializes and appends `record`; returns the line written (without the newline).
   * @param fallbackBody stored instead of `record.body` when that cannot be serialized
   *   (e.g. nested too deep for JSON.stringify): typically the start of the raw text
   */
  append(record: RequestRecord, fallbackBody: unknown = '[body not serializable]'): string {
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      line = JSON.stringify({ ...record, body: fallbackBody, bodyTruncated: true });
    }
    this.writeAll(`${line}\n`);
    return line;
  }

  private writeAll(text: string): void {
    if (this.fd === null) throw new Error(`record ${this.path} is closed`);
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    // One write(2) in practice; the loop only matters if the kernel ever writes short.
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    if (this.fsync) fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** A record file read back, with anything that did not parse. */
export interface RecordReadout {
  records: RequestRecord[];
  /** text after the last newline (a line cut by a crash mid-write), or null */
  tornTail: string | null;
  /** complete lines that are not JSON, 1-based line numbers */
  badLines: { line: number; text: string }[];
}

/** Reads a record file without throwing on damaged lines. */
export function readRecordDetailed(recordPath: string): RecordReadout {
  const text = readFileSync(recordPath, 'utf8');
  const parts = text.split('\n');
  const tail = parts.pop() ?? '';
  const records: RequestRecord[] = [];
  const badLines: RecordReadout['badLines'] = [];
  parts.forEach((line, i) => {
    if (line === '') return;
    try {
      records.push(JSON.parse(line) as RequestRecord);
    } catch {
      badLines.push({ line: i + 1, text: line.slice(0, 200) });
    }
  });
  return { records, tornTail: tail === '' ? null : tail, badLines };
}

/**
 * Reads every complete record. Throws, naming the file and line, when a complete line is not
 * JSON. A torn last line (no newline) is skipped: lines are written before the response, so
 * its request was never answered.
 */
export function readRecord(recordPath: string): RequestRecord[] {
  const { records, badLines } = readRecordDetailed(recordPath);
  if (badLines.length > 0) {
    const first = badLines[0] as { line: number };
    throw new Error(`${recordPath}:${first.line}: not a JSON record line (${badLines.length} bad line(s))`);
  }
  return records;
}
