/**
 * The embedded call_metrics endpoint (node side): an HTTP server on 127.0.0.1 that answers
 * `POST /[vNN.N/]<PAGE_ID>/call_metrics` as Graph does, injects the faults of the active
 * FaultPlan, and appends every request to a JSONL record before answering it. The handling
 * itself is callMetricsHandler.ts (the emulated platform serves the same handler).
 * Errors, statuses and the order of checks: see README.md in this folder.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCallMetricsHandler, type CallMetricsControls } from './callMetricsHandler.ts';

export { readRecord, readRecordDetailed, type RequestRecord } from './requestRecord.ts';
export type { FaultPlan } from './faultPlanSchema.ts';
export { RECORD_BODY_MAX_BYTES } from './recordFromRequest.ts';
export { DEFAULT_MAX_BODY_BYTES } from './callMetricsHandler.ts';

export interface EndpointOptions {
  /** the page id the harness's calls belong to */
  pageId: string;
  /** the one valid access token (generated per run by the harness) */
  accessToken: string;
  /** JSONL file, append-only, one line per request, written before the answer */
  recordPath: string;
  /** TCP port; default 0 = ephemeral. Always binds 127.0.0.1 */
  port?: number;
  /** ms since the Unix epoch; default Date.now. Drives the 24-hour window and record times */
  clock?: () => number;
  /** largest request body, bytes; default 64 KiB. Larger → 413 without reading the rest */
  maxBodyBytes?: number;
  /** fdatasync each record line before answering; default false (survives a process crash, not a power loss) */
  fsync?: boolean;
  /**
   * How far Graph's view of a call may lag its signaling, ms; default 0. A submission for a
   * call still in progress waits up to this long for the call's end before it is refused as
   * "in progress": a client whose page closes sends its hangup and its metrics together.
   */
  callStateLagMs?: number;
  /**
   * The run seed, mixed into every call's fault draws with the plan's own seed; default 0. With the
   * draw keys the harness registers, one run seed gives the same faults in every run.
   */
  seed?: number;
}

export interface Endpoint extends CallMetricsControls {
  /** 'http://127.0.0.1:PORT' (no trailing slash) */
  readonly url: string;
  /** Stops listening, drops open connections (held timeouts included) and closes the record. */
  close(): Promise<void>;
}

export async function startEndpoint(opts: EndpointOptions): Promise<Endpoint> {
  const handler = createCallMetricsHandler(opts);
  const server = createServer((req, res) => handler.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed = false;

  return {
    url: `http://127.0.0.1:${port}`,
    registerCall: handler.registerCall,
    markCallEnded: handler.markCallEnded,
    setFaults: handler.setFaults,
    requestsFor: handler.requestsFor,
    inProgressFor: handler.inProgressFor,
    allRequests: handler.allRequests,
    async close() {
      if (closed) return;
      closed = true;
      // the handler first: from now on nothing is recorded, so dropped connections leave no lines
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
