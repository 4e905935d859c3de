/**
 * The Graph API as this integration uses it: `POST /{page}/calls`, the call permission read,
 * the opt-in message, and raw POSTs for `/call_metrics` (submitMetrics.js adds its retries).
 * The Page token travels in the Authorization header, so it never lands in a body or a URL log.
 */

/** how long one Graph request may take, ms */
export const GRAPH_TIMEOUT_MS = 10_000;

/** A Graph request that did not succeed: an error envelope, an HTTP failure, a timeout or no connection. */
export class GraphError extends Error {
  /**
   * @param {string} message
   * @param {{ status?: number, code?: number, subcode?: number, transient?: boolean, kind: 'graph' | 'timeout' | 'network' | 'unreadable' }} details
   */
  constructor(message, details) {
    super(message);
    this.name = 'GraphError';
    /** HTTP status, 0 when none arrived */
    this.status = details.status ?? 0;
    /** Graph `error.code`, when the answer had one */
    this.code = details.code;
    /** Graph `error.error_subcode`, when the answer had one */
    this.subcode = details.subcode;
    /** Graph marked it `is_transient`, or Graph's transient codes */
    this.transient = details.transient ?? false;
    /** what went wrong: an answer with an error, no answer in time, no connection, an answer that is not JSON */
    this.kind = details.kind;
  }
}

/** Graph's codes for "try again later": unknown/service error, app/user/page throttling, API rate limit. */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 613]);

/**
 * @typedef {object} GraphAnswer
 * @property {any} body the parsed JSON answer
 * @property {number} answeredAtMs when the answer arrived, ms since the epoch
 */

/**
 * @param {{ graphUrl: string, pageId: string, accessToken: string }} config
 */
export function createGraphClient(config) {
  /**
   * @param {'GET' | 'POST'} method
   * @param {string} path after the Page id, e.g. `calls`
   * @param {unknown} [body]
   * @param {number} [timeoutMs]
   * @returns {Promise<GraphAnswer>}
   */
  async function request(method, path, body, timeoutMs = GRAPH_TIMEOUT_MS) {
    const url = `${config.graphUrl}/${encodeURIComponent(config.pageId)}/${path}`;
    let res;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${config.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const e = /** @type {Error & { cause?: { code?: string } }} */ (error);
      if (e.name === 'TimeoutError') throw new GraphError(`no answer within ${timeoutMs} ms`, { kind: 'timeout', transient: true });
      throw new GraphError(`request failed: ${e.cause?.code ?? e.message}`, { kind: 'network', transient: true });
    }
    const answeredAtMs = Date.now();
    const text = await res.text().catch(() => '');
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new GraphError(`HTTP ${res.status}, answer is not JSON: ${text.slice(0, 200)}`, { status: res.status, kind: 'unreadable', transient: res.status >= 500 });
    }
    if (res.ok && !parsed?.error) return { body: parsed, answeredAtMs };
    const error = parsed?.error ?? {};
    const code = typeof error.code === 'number' ? error.code : undefined;
    throw new GraphError(`HTTP ${res.status}: ${error.message ?? text.slice(0, 200)}`, {
      status: res.status,
      code,
      subcode: typeof error.error_subcode === 'number' ? error.error_subcode : undefined,
      transient: error.is_transient === true || (code !== undefined && TRANSIENT_CODES.has(code)) || res.status === 429 || res.status >= 500,
      kind: 'graph',
    });
  }

  return {
    request,
    /**
     * `POST /{page}/calls`: accept, reject, terminate, connect.
     * @param {Record<string, unknown>} body
     */
    calls: (body) => request('POST', 'calls', { platform: 'messenger', ...body }),
    /** @param {string} psid */
    permission: (psid) => request('GET', `messenger_call_permissions?psid=${encodeURIComponent(psid)}`),
    /** @param {string} psid asks the consumer for call permission (the calling_optin template) */
    askPermission: (psid) =>
      request('POST', 'messages', { recipient: { id: psid }, message: { attachment: { type: 'template', payload: { template_type: 'calling_optin' } } } }),
  };
}

/** @typedef {ReturnType<typeof createGraphClient>} GraphClient */
