/**
 * The test hooks a test harness drives the agent through (loopback only, like the whole
 * server): `POST /test/calls/:callId/{answer,decline,hangup,mute,unmute}`. 200 when done (for
 * decline and hangup: the platform answered the reject/terminate; the report follows), 404 for
 * an unknown call, 409 when the call's state does not allow it; errors as `{"error": "…"}`.
 */
import { HookError } from './callBook.js';
import { sendJson } from './readBody.js';

const HOOK_PATH = /^\/test\/calls\/([^/]+)\/(answer|decline|hangup|mute|unmute)$/;

/**
 * @param {import('./callBook.js').CallBook} calls
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => Promise<boolean>} false when the path is not a hook
 */
export function testHooks(calls) {
  return async (req, res, url) => {
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
