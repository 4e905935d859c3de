/**
 * The business driver for callsoak: how a test asks this integration's agent to act. Each
 * function POSTs the server's test hook and resolves when it answered 200; otherwise it
 * throws an Error carrying the hook's answer.
 *
 * `call`: `{ id, psid, pageId, webhookUrl }` — the server's origin is the webhook URL's.
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
  const url = new URL(`/test/calls/${encodeURIComponent(call.id)}/${action}`, new URL(call.webhookUrl).origin);
  const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(HOOK_TIMEOUT_MS) });
  const text = await res.text();
  if (res.status !== 200) {
    let message = text;
    try {
      message = JSON.parse(text).error ?? text;
    } catch {
      // not JSON: the text itself
    }
    throw new Error(`${action} of call ${call.id}: HTTP ${res.status}: ${message}`);
  }
}

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
