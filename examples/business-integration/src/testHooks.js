/**
 * The test hooks a test harness drives the agent through (loopback only, like the whole
 * server): `POST /test/calls/:callId/{answer,decline,hangup,mute,unmute}`, and
 * `POST /test/place-call` with `{"psid": "…"}` (the agent calls a consumer). 200 when done (for
 * decline and hangup: the platform answered the reject/terminate; the report follows; for
 * place-call: the permission request was sent, `{"state": "asking-permission"}`, or the connect
 * was answered, `{"state": "calling", "callId": …}`), 404 for an unknown call, 409 when the
 * call's state does not allow it; errors as `{"error": "…"}`.
 */
import { HookError } from './callBook.js';
import { readJson, sendJson } from './readBody.js';

const HOOK_PATH = /^\/test\/calls\/([^/]+)\/(answer|decline|hangup|mute|unmute)$/;
const PLACE_CALL_PATH = '/test/place-call';

/**
 * `POST /test/place-call` `{"psid": "…"}`.
 * @param {import('./callBook.js').CallBook} calls
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<true>}
 */
async function placeCall(calls, req, res) {
  if (req.method !== 'POST') {
    sendJson(res, 405, { error: 'POST only' });
    return true;
  }
  try {
    const body = await readJson(req);
    if (typeof body?.psid !== 'string' || body.psid === '') throw new HookError(400, 'the body must be {"psid": "<the consumer\'s page-scoped id>"}');
    sendJson(res, 200, await calls.placeCall(body.psid));
  } catch (error) {
    const e = /** @type {Error & { status?: number }} */ (error);
    sendJson(res, e instanceof HookError ? e.status : (e.status ?? 500), { error: e.message });
  }
  return true;
}

/**
 * @param {import('./callBook.js').CallBook} calls
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => Promise<boolean>} false when the path is not a hook
 */
export function testHooks(calls) {
  return async (req, res, url) => {
    if (url.pathname === PLACE_CALL_PATH) return placeCall(calls, req, res);
    const match = HOOK_PATH.exec(url.pathname);
    if (!match) return false;
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'POST only' });
      return true;
    }
    const callId = decodeURIComponent(/** @type {string} */ (match[1]));
    const action = /** @type {string} */ (match[2]);
    try {
      if (action === 'answer') await calls.answer(callId);
      else if (action === 'decline') await calls.decline(callId);
      else if (action === 'hangup') await calls.hangUp(callId);
      else await calls.setMuted(callId, action === 'mute');
      sendJson(res, 200, { ok: true });
    } catch (error) {
      const e = /** @type {Error} */ (error);
      sendJson(res, e instanceof HookError ? e.status : 500, { error: e.message });
    }
    return true;
  };
}
