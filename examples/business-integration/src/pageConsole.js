/**
 * The page media console (`CONSOLE=page`): the WebRTC of every call runs in the agent's
 * browser page, which this server serves at `/agent` (public/agent.html + public/agent.js).
 * The page keeps one channel open: Server-Sent Events at `/agent/events` carry commands to it
 * (`offer`, `answer`, `offer-apply`, `mute`, `finish`, `close`), and it POSTs each reply to
 * `/agent/reply`. The stats transform stays here (transformStats.js), shared with the Node
 * console: the page sends its final getStats report raw.
 *
 * Several pages may be open: a new call goes to the page that connected last, and stays with
 * it. Every wait is bounded: no page connected → HookError 409 before the call leaves ringing;
 * a page that does not reply in time → the command fails.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { HookError } from './callBook.js';
import { log } from './log.js';
import { readJson, sendJson } from './readBody.js';

/** how long an answer waits for a page to connect before it fails, ms */
const PAGE_WAIT_MS = 5_000;
/** how long the page may take to make its complete offer (microphone + ICE gathering), ms */
const OFFER_TIMEOUT_MS = 15_000;
/** how long the page may take for any other command, ms */
const COMMAND_TIMEOUT_MS = 10_000;
/** an SSE comment this often keeps idle connections open, ms */
const KEEPALIVE_MS = 15_000;
/** what the page is made of, by path */
const STATIC_FILES = {
  '/agent': { file: 'agent.html', type: 'text/html; charset=utf-8' },
  '/agent/': { file: 'agent.html', type: 'text/html; charset=utf-8' },
  '/agent.js': { file: 'agent.js', type: 'text/javascript; charset=utf-8' },
};
const PUBLIC_DIR = new URL('../public/', import.meta.url);

/** The message every answer without a page fails with. */
export const NO_PAGE = 'no agent console page connected at /agent';

/**
 * @typedef {object} AgentPage
 * @property {number} id
 * @property {import('node:http').ServerResponse} res its open event stream
 * @property {ReturnType<typeof setInterval>} keepalive
 */

/**
 * @typedef {object} CallRow what the page lists for one call
 * @property {string} id
 * @property {string | null} psid
 * @property {string} state ringing, answering, connected, ending, ended
 */

/**
 * @returns {import('./mediaSession.js').MediaConsole & {
 *   route(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL): Promise<boolean>,
 *   ready(): Promise<void>,
 *   listCallsWith(list: () => CallRow[]): void,
 * }}
 */
export function pageConsole() {
  /** @type {Map<number, AgentPage>} */
  const pages = new Map();
  /** @type {Map<number, { pageId: number, resolve(v: any): void, reject(e: Error): void, timer: ReturnType<typeof setTimeout> }>} */
  const pending = new Map();
  /** @type {Set<import('./mediaSession.js').MediaSession>} */
  const open = new Set();
  /** @type {Set<() => void>} woken when a page connects */
  const waiters = new Set();
  /** @type {() => CallRow[]} */
  let listCalls = () => [];
  let nextPageId = 1;
  let nextCommandId = 1;

  /** @param {AgentPage} page @param {string} event @param {unknown} data */
  function push(page, event, data) {
    page.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** The page that connected last, or null. */
  function newestPage() {
    let newest = null;
    for (const page of pages.values()) newest = page;
    return newest;
  }

  /** Waits (bounded) until some page is connected; HookError 409 otherwise. */
  async function ready() {
    if (pages.size > 0) return;
    await new Promise((resolve) => {
      const timer = setTimeout(done, PAGE_WAIT_MS);
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve(undefined);
      }
      waiters.add(done);
    });
    if (pages.size === 0) throw new HookError(409, NO_PAGE);
  }

  /**
   * Sends one command to a page and waits for its reply.
   * @param {number} pageId
   * @param {string} type
   * @param {Record<string, unknown>} args
   * @param {number} timeoutMs
   * @returns {Promise<any>}
   */
  function command(pageId, type, args, timeoutMs) {
    const page = pages.get(pageId);
    if (!page) return Promise.reject(new Error(`the agent console page (${pageId}) that took this call is gone`));
    const id = nextCommandId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the agent console page did not answer "${type}" within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      pending.set(id, { pageId, resolve, reject, timer });
      push(page, 'command', { id, type, ...args });
    });
  }

  /** @param {AgentPage} page */
  function disconnect(page) {
    if (!pages.delete(page.id)) return;
    clearInterval(page.keepalive);
    log('console.page_disconnected', { page: page.id });
    for (const [id, wait] of pending) {
      if (wait.pageId !== page.id) continue;
      clearTimeout(wait.timer);
      pending.delete(id);
      wait.reject(new Error(`the agent console page (${page.id}) disconnected`));
    }
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  function connect(req, res) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    const page = { id: nextPageId++, res, keepalive: setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS) };
    pages.set(page.id, page);
    push(page, 'hello', { pageId: page.id });
    log('console.page_connected', { page: page.id, pages: pages.size });
    req.on('close', () => disconnect(page));
    for (const wake of [...waiters]) wake();
  }

  /** @param {any} body */
  function reply(body) {
    const wait = pending.get(Number(body?.id));
    if (!wait || wait.pageId !== Number(body?.pageId)) return false;
    clearTimeout(wait.timer);
    pending.delete(Number(body.id));
    if (body.ok === true) wait.resolve(body.result);
    else wait.reject(new Error(`the agent console page: ${String(body.error ?? 'failed without a reason')}`));
    return true;
  }

  return {
    ready,
    listCallsWith(list) {
      listCalls = list;
    },
    async route(req, res, url) {
      const file = /** @type {Record<string, { file: string, type: string }>} */ (STATIC_FILES)[url.pathname];
      if (file && req.method === 'GET') {
        const body = await readFile(fileURLToPath(new URL(file.file, PUBLIC_DIR)));
        res.writeHead(200, { 'content-type': file.type, 'content-length': body.length, 'cache-control': 'no-store' });
        res.end(body);
        return true;
      }
      if (url.pathname === '/agent/events' && req.method === 'GET') {
        connect(req, res);
        return true;
      }
      if (url.pathname === '/agent/calls' && req.method === 'GET') {
        sendJson(res, 200, { calls: listCalls() });
        return true;
      }
      if (url.pathname === '/agent/reply' && req.method === 'POST') {
        const known = reply(await readJson(req));
        // a reply after its timeout is not an error of the page's request: it is just late
        sendJson(res, 200, { ok: true, late: !known });
        return true;
      }
      return false;
    },
    open(callId) {
      /** @type {number | null} the page that took the call */
      let pageId = null;
      let closed = false;

      /** @param {string} type @param {Record<string, unknown>} [args] @param {number} [timeoutMs] */
      function send(type, args = {}, timeoutMs = COMMAND_TIMEOUT_MS) {
        if (pageId === null) return Promise.reject(new Error('no offer made yet'));
        return command(pageId, type, { callId, ...args }, timeoutMs);
      }

      function close() {
        if (closed) return;
        closed = true;
        open.delete(session);
        if (pageId !== null && pages.has(pageId)) send('close').catch(() => {});
      }

      /** @type {import('./mediaSession.js').MediaSession} */
      const session = {
        async offer() {
          const page = newestPage();
          if (!page) throw new HookError(409, NO_PAGE);
          pageId = page.id;
          const result = await send('offer', {}, OFFER_TIMEOUT_MS);
          if (typeof result?.sdp !== 'string' || result.sdp === '') throw new Error('the agent console page returned no offer SDP');
          return result.sdp;
        },
        async applyAnswer(answer, renegotiation) {
          await send('answer', { answer, ...(renegotiation !== undefined ? { renegotiation } : {}) });
        },
        async applyOffer(sdp) {
          await send('offer-apply', { sdp });
        },
        async setMuted(muted) {
          await send('mute', { muted });
        },
        async finish() {
          if (closed) return { stats: [], firstAudioAtMs: null };
          const result = await send('finish');
          closed = true;
          open.delete(session);
          const stats = Array.isArray(result?.stats) ? result.stats.filter((/** @type {unknown} */ s) => s && typeof s === 'object') : [];
          const firstAudioAtMs = typeof result?.firstAudioAtMs === 'number' ? result.firstAudioAtMs : null;
          return { stats, firstAudioAtMs };
        },
        close,
      };
      open.add(session);
      return session;
    },
    async close() {
      for (const session of [...open]) session.close();
      for (const page of [...pages.values()]) {
        page.res.end();
        disconnect(page);
      }
      for (const wake of [...waiters]) wake();
    },
  };
}
