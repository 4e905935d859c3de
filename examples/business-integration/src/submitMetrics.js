/**
 * Sends one call's quality report, `POST /{page}/call_metrics`, and retries what may succeed
 * later: no connection, no answer in time, HTTP 5xx or 429, Graph's transient errors (which
 * Graph answers with 400 or 403, so the status alone does not tell), `{"success": false}`.
 * A permanent error (a bad payload, a wrong token, a call still in progress) is not retried.
 * All attempts fit in one budget.
 */
import { GraphError } from './graphClient.js';
import { log } from './log.js';

/** all attempts together, ms */
export const SUBMIT_BUDGET_MS = 15_000;
/** one attempt at most, ms */
const ATTEMPT_TIMEOUT_MS = 5_000;
/** the first retry's delay, ms; doubled each time up to MAX_BACKOFF_MS, with jitter */
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 4_000;

/**
 * @typedef {object} SubmitResult
 * @property {boolean} accepted Graph stored the report
 * @property {number} attempts requests sent
 * @property {string} [error] why it was not accepted
 */

/**
 * @param {import('./graphClient.js').GraphClient} graph
 * @param {Record<string, unknown>} payload the request body (call_metrics-api.md)
 * @returns {Promise<SubmitResult>}
 */
export async function submitMetrics(graph, payload) {
  const deadline = Date.now() + SUBMIT_BUDGET_MS;
  let backoff = FIRST_BACKOFF_MS;
  // after an attempt whose fate is unknown (no answer), "already submitted" means that one was stored
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    const timeout = Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now());
    let error;
    try {
      const { body } = await graph.request('POST', 'call_metrics', payload, timeout);
      if (body?.success === true) {
        log('metrics.submitted', { call: payload.call_id, status: 200, attempt });
        return { accepted: true, attempts: attempt };
      }
      error = new GraphError(`answered ${JSON.stringify(body).slice(0, 200)}`, { status: 200, kind: 'graph', transient: true });
    } catch (e) {
      error = /** @type {GraphError} */ (e);
    }
    if (uncertain && /already submitted/i.test(error.message)) {
      log('metrics.submitted', { call: payload.call_id, status: error.status, attempt, note: 'an earlier attempt without an answer was stored' });
      return { accepted: true, attempts: attempt };
    }
    uncertain ||= error.kind === 'timeout' || error.kind === 'network';
    const wait = backoff / 2 + Math.random() * (backoff / 2);
    const retry = error.transient && Date.now() + wait + 100 < deadline;
    log('metrics.failed', { call: payload.call_id, status: error.status, attempt, error: error.message, retry });
    if (!retry) return { accepted: false, attempts: attempt, error: error.message };
    await new Promise((resolve) => setTimeout(resolve, wait));
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}
