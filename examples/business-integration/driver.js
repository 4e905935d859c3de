/**
 * The business driver for callsoak: how a test asks this integration's agent to act. Each
 * function POSTs the server's test hook and resolves when it answered 200; otherwise it
 * throws an Error carrying the hook's answer.
 *
 * `call`: `{ id, psid, pageId, webhookUrl }` — the server's origin is the webhook URL's.
 * `placeCall(consumer)` gets `{ psid, pageId, webhookUrl }` and resolves once the call is on
 * its way (the permission request sent, or the connect answered); the rest follows webhooks.
 */

/** how long a hook may take, ms (an answer includes the offer, the accept and applying the answer) */
const HOOK_TIMEOUT_MS = 20_000;

/**
 * @typedef {object} DriverCall
 * @property {string} id the call id
 * @property {string} psid the consumer
 * @property {string} pageId
 * @property {string} webhookUrl where the platform sends this integration's webhooks
 */

/**
 * @param {DriverCall} call
 * @param {'answer' | 'decline' | 'hangup' | 'mute' | 'unmute'} action
 */
async function hook(call, action) {
  await post(new URL(`/test/calls/${encodeURIComponent(call.id)}/${action}`, new URL(call.webhookUrl).origin), undefined, `${action} of call ${call.id}`);
}

/**
 * POSTs a test hook; throws an Error with the hook's answer unless it answered 200.
 * @param {URL} url
 * @param {unknown} body sent as JSON when given
 * @param {string} what names the action in the error
 */
async function post(url, body, what) {
  const res = await fetch(url, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(HOOK_TIMEOUT_MS),
  });
  const text = await res.text();
  if (res.status !== 200) {
    let message = text;
    try {
      message = JSON.parse(text).error ?? text;
    } catch {
      // not JSON: the text itself
    }
    throw new Error(`${what}: HTTP ${res.status}: ${message}`);
  }
}

/**
 * The agent calls the consumer (a business-initiated call).
 * @param {{ psid: string, pageId: string, webhookUrl: string }} consumer
 */
export const placeCall = (consumer) => post(new URL('/test/place-call', new URL(consumer.webhookUrl).origin), { psid: consumer.psid }, `place-call to ${consumer.psid}`);

/** @param {DriverCall} call */
export const answer = (call) => hook(call, 'answer');
/** @param {DriverCall} call */
export const decline = (call) => hook(call, 'decline');
/** @param {DriverCall} call */
export const hangUp = (call) => hook(call, 'hangup');
/** @param {DriverCall} call */
export const mute = (call) => hook(call, 'mute');
/** @param {DriverCall} call */
export const unmute = (call) => hook(call, 'unmute');
