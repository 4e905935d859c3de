/**
 * The integration's server: webhooks at /webhook, the test hooks, the agent console page
 * (CONSOLE=page) and the call handling between them. Binds 127.0.0.1 only.
 *
 *   PORT=… CALLSOAK_GRAPH_URL=… CALLSOAK_PAGE_ID=… CALLSOAK_ACCESS_TOKEN=… \
 *   CALLSOAK_APP_SECRET=… CALLSOAK_VERIFY_TOKEN=… node server.js
 */
import { createServer } from 'node:http';
import { readConfig, ConfigError } from './src/config.js';
import { setBug } from './src/bugs.js';
import { log } from './src/log.js';
import { createGraphClient } from './src/graphClient.js';
import { CallBook } from './src/callBook.js';
import { webhookRoute } from './src/webhookRoute.js';
import { testHooks } from './src/testHooks.js';
import { sendJson } from './src/readBody.js';

let config;
try {
  config = readConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`business-integration: ${error.message}`);
  process.exit(2);
}
setBug(config.bug);

// The page console's module is loaded only when it is used, and so is wrtc for the Node one.
const mediaConsole = config.console === 'page' ? (await import('./src/pageConsole.js')).pageConsole() : (await import('./src/nodeConsole.js')).nodeConsole();
const graph = createGraphClient(config);
const calls = new CallBook({ graph, mediaConsole, autoAnswer: config.autoAnswer });
// the page console's screen lists the calls
if ('listCallsWith' in mediaConsole) /** @type {any} */ (mediaConsole).listCallsWith(() => calls.list());
const webhook = webhookRoute(config, { onCallEvent: (event, at) => calls.onCallEvent(event, at), onPermissionReply: (reply) => calls.onPermissionReply(reply) });
const hooks = testHooks(calls);

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  try {
    if (url.pathname === '/webhook') return await webhook(req, res, url);
    if (await hooks(req, res, url)) return;
    if ('route' in mediaConsole && (await /** @type {any} */ (mediaConsole).route(req, res, url))) return;
    if (url.pathname === '/agent' || url.pathname.startsWith('/agent/')) return sendJson(res, 404, { error: `the agent page is served with CONSOLE=page; this server runs CONSOLE=${config.console}` });
    sendJson(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  } catch (error) {
    const e = /** @type {Error & { status?: number }} */ (error);
    log('http.error', { path: url.pathname, error: e.message });
    if (!res.headersSent) sendJson(res, e.status ?? 500, { error: e.message });
    else res.destroy();
  }
});

server.on('error', (error) => {
  console.error(`business-integration: cannot listen on 127.0.0.1:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, '127.0.0.1', () => {
  log('server.listening', { url: `http://127.0.0.1:${config.port}`, webhook: '/webhook', console: config.console, autoAnswer: config.autoAnswer, bug: config.bug ?? 'none' });
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  log('server.stopping');
  await calls.close();
  server.closeAllConnections();
  server.close(() => process.exit(0));
  // a connection that will not close must not keep the process alive
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
