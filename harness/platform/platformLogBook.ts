/**
 * What the platform keeps per call for its log (harness/results/platformLog.ts): the Graph
 * requests about the call as they were answered, and the edge's SDP. `logOf` puts them together
 * with the call's state, its webhooks (the sender's tagged deliveries) and its `/call_metrics`
 * requests (the endpoint handler's records).
 */
import type { RequestRecord } from '../endpoint/requestRecord.ts';
import type { PlatformEdgeLog, PlatformLog, PlatformRequest, PlatformWebhook } from '../results/platformLog.ts';
import type { CallRecord } from './callStateMachine.ts';
import type { Delivery } from './webhookSender.ts';

export class PlatformLogBook {
  readonly #requests = new Map<string, PlatformRequest[]>();
  /** connect requests that created no call (a fault failed them), by the consumer called: they join the next call to that consumer */
  readonly #orphanConnects = new Map<string, PlatformRequest[]>();
  readonly #edge = new Map<string, PlatformEdgeLog>();

  /** A `/calls` request about `callId`; for a connect that created no call, `callId` is null and `psid` names the consumer. */
  request(callId: string | null, entry: PlatformRequest, psid?: string): void {
    if (callId !== null) return void this.#listOf(this.#requests, callId).push(entry);
    if (psid !== undefined) this.#listOf(this.#orphanConnects, psid).push(entry);
  }

  /** A call was created: connect attempts to its consumer that created none are about it too. */
  created(callId: string, psid: string): void {
    const orphans = this.#orphanConnects.get(psid);
    if (!orphans) return;
    this.#orphanConnects.delete(psid);
    this.#listOf(this.#requests, callId).unshift(...orphans);
  }

  edge(callId: string): PlatformEdgeLog {
    let log = this.#edge.get(callId);
    if (!log) this.#edge.set(callId, (log = { mediaUpdates: [], updateAnswers: [], differences: [], firstAudioToBusinessAtMs: null }));
    return log;
  }

  logOf(call: CallRecord, deliveries: Delivery[], metrics: RequestRecord[]): PlatformLog {
    const requests = [...(this.#requests.get(call.id) ?? []), ...metrics.map(metricsRequest)].sort((a, b) => a.receivedAtMs - b.receivedAtMs);
    return {
      callId: call.id,
      state: { direction: call.direction, createdAtMs: call.createdAtMs, connectedAtMs: call.connectedAtMs, endedAtMs: call.endedAtMs, endedBy: call.endedBy },
      webhooks: deliveries.filter((d) => d.tag?.callId === call.id).map(webhookOf),
      requests,
      edge: structuredClone(this.edge(call.id)),
    };
  }

  #listOf<V>(map: Map<string, V[]>, key: string): V[] {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    return list;
  }
}

function webhookOf(d: Delivery): PlatformWebhook {
  const tag = d.tag as NonNullable<Delivery['tag']>;
  return {
    seq: d.seq,
    field: d.field,
    event: tag.event,
    body: d.body.toString('latin1'),
    kind: tag.kind,
    ...(tag.kind === 'forged' ? { forged: true } : {}),
    ...(tag.fault === undefined ? {} : { fault: tag.fault }),
    attempts: d.attempts.map((a) => ({ ...a })),
    outcome: d.outcome,
  };
}

/** A `/call_metrics` request as the endpoint handler recorded it (its body is already token-redacted). */
function metricsRequest(r: RequestRecord): PlatformRequest {
  return {
    receivedAtMs: r.receivedAtMs,
    answeredAtMs: r.respondedAtMs ?? null,
    method: r.method,
    path: r.path,
    ...(Object.keys(r.query).length > 0 ? { query: { ...r.query } } : {}),
    body: typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
    status: r.outcome.status,
    response: r.outcome.response === null ? '' : JSON.stringify(r.outcome.response),
    ...(r.outcome.fault === undefined ? {} : { fault: r.outcome.fault }),
  };
}
