/**
 * Everything the integration reads from its environment, in one place: a team that names its
 * variables differently maps them here. A missing variable stops the start with a message
 * naming it, before anything listens.
 */
import { BUG_NAMES } from './bugs.js';

/**
 * @typedef {object} Config
 * @property {number} port TCP port on 127.0.0.1 (`PORT`)
 * @property {string} graphUrl Graph base URL including the version, no trailing slash (`CALLSOAK_GRAPH_URL`)
 * @property {string} pageId the Page whose calls this is (`CALLSOAK_PAGE_ID`)
 * @property {string} accessToken the Page access token (`CALLSOAK_ACCESS_TOKEN`)
 * @property {string} appSecret signs webhooks (`CALLSOAK_APP_SECRET`)
 * @property {string} verifyToken the subscription handshake's token (`CALLSOAK_VERIFY_TOKEN`)
 * @property {boolean} autoAnswer answer incoming calls at once (`AUTO_ANSWER`, default `1`)
 * @property {'node' | 'page'} console which media console takes the calls (`CONSOLE`, default `node`)
 * @property {string | null} bug the bug variant put in (`BUG`), null = the correct integration
 */

const REQUIRED = ['PORT', 'CALLSOAK_GRAPH_URL', 'CALLSOAK_PAGE_ID', 'CALLSOAK_ACCESS_TOKEN', 'CALLSOAK_APP_SECRET', 'CALLSOAK_VERIFY_TOKEN'];

/** Thrown for a configuration mistake; server.js prints its message alone, without a stack. */
export class ConfigError extends Error {}

/**
 * @param {Record<string, string | undefined>} env
 * @returns {Config}
 */
export function readConfig(env) {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) throw new ConfigError(`missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (see README.md, "Environment")`);
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`PORT must be a TCP port (1-65535), got "${env.PORT}"`);
  let graphUrl;
  try {
    graphUrl = new URL(/** @type {string} */ (env.CALLSOAK_GRAPH_URL)).href.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`CALLSOAK_GRAPH_URL must be a URL such as http://127.0.0.1:40123/v21.0, got "${env.CALLSOAK_GRAPH_URL}"`);
  }
  const autoAnswer = env.AUTO_ANSWER ?? '1';
  if (autoAnswer !== '0' && autoAnswer !== '1') throw new ConfigError(`AUTO_ANSWER must be 0 or 1, got "${autoAnswer}"`);
  const consoleKind = env.CONSOLE ?? 'node';
  if (consoleKind !== 'node' && consoleKind !== 'page') throw new ConfigError(`CONSOLE must be node or page, got "${consoleKind}"`);
  const bug = env.BUG ? env.BUG : null;
  if (bug !== null && !BUG_NAMES.includes(bug)) throw new ConfigError(`BUG must be one of ${BUG_NAMES.join(', ')} (or unset), got "${bug}"`);
  return {
    port,
    graphUrl,
    pageId: /** @type {string} */ (env.CALLSOAK_PAGE_ID),
    accessToken: /** @type {string} */ (env.CALLSOAK_ACCESS_TOKEN),
    appSecret: /** @type {string} */ (env.CALLSOAK_APP_SECRET),
    verifyToken: /** @type {string} */ (env.CALLSOAK_VERIFY_TOKEN),
    autoAnswer: autoAnswer === '1',
    console: consoleKind,
    bug,
  };
}
