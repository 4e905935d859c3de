/**
 * `--business external` in the callsoak process: resolves where the team's integration listens
 * and what it is given, writes the env file, starts `--business-command` (when given), waits
 * until its webhook answers the verification handshake, and loads its driver — all before any
 * call, so a mistake fails fast with exit 2 and a sentence naming what did not answer. The
 * integration then lives for the whole run (one deployment, one Graph URL: the run uses one
 * Playwright worker) and is stopped at the end, also on Ctrl-C; a callsoak killed outright
 * takes it along (the process watchdog in harness/external).
 */
import { platformIdentity } from '../platform/platformIdentity.ts';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { UsageError } from '../exit/exitCodes.ts';
import { loadBusinessDriver } from '../external/loadBusinessDriver.ts';
import { startIntegrationProcess, type IntegrationProcess } from '../external/startIntegrationProcess.ts';
import { displayPath } from '../paths/displayPath.ts';
import type { ExternalBusinessConfig, ExternalBusinessPlan } from '../plan/externalBusinessSchema.ts';
import { GRAPH_VERSION } from '../platform/graphVersion.ts';
import { verifySubscription } from '../platform/verifySubscription.ts';
import { writeFileAtomic } from '../results/runDirWrites.ts';
import { parseDuration } from '../schema/parseDuration.ts';

/** where in the run directory the integration's files go */
export const BUSINESS_DIR = 'business';
/** the handshake is tried this often while the integration starts, ms */
const HANDSHAKE_RETRY_MS = 250;
/** one handshake attempt may take this long, ms */
const HANDSHAKE_ATTEMPT_MS = 2_000;
/** output lines quoted when the integration fails to start */
const QUOTED_LINES = 15;

export interface RunningExternalBusiness {
  plan: ExternalBusinessPlan;
  /** stops the integration (when callsoak started it); resolves with how it ended, or null */
  stop(): Promise<string | null>;
}

/** A port nobody listens on now, on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The Page, app, token and secret the platform uses with an external integration. Fixed (not
 * per run) so an integration a team starts by hand keeps working from one run to the next.
 */
export function externalIdentity(): ExternalBusinessPlan['identity'] & { verifyToken: string } {
  return platformIdentity('callsoak external business');
}

function portOf(url: string): number {
  const parsed = new URL(url);
  return parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
}

function envFileText(env: Record<string, string>): string {
  return `${Object.entries(env).map(([k, v]) => `${k}=${/^[\w./:@-]*$/.test(v) ? v : JSON.stringify(v)}`).join('\n')}\n`;
}

function tail(process: IntegrationProcess | undefined): string {
  const lines = process?.lines().slice(-QUOTED_LINES) ?? [];
  return lines.length > 0 ? `\nits last output:\n${lines.map((l) => `  ${l.stream}| ${l.text}`).join('\n')}` : '\nit printed nothing';
}

/**
 * @param options the run's or soak's options (flags over the config file)
 * @param runDir the run directory (created by now)
 */
export async function startExternalBusiness(options: ExternalBusinessConfig, runDir: string, log: (line: string) => void): Promise<RunningExternalBusiness> {
  const errors: string[] = [];
  if (!options.webhookUrl && !options.businessCommand) errors.push('--business external needs --webhook-url (where your integration listens) or --business-command (callsoak starts it and chooses its port)');
  if (options.businessCwd && !options.businessCommand) errors.push('--business-cwd needs --business-command');
  const readySeconds = parseDuration(options.businessReadyTimeout) ?? 30;
  if (readySeconds <= 0) errors.push(`--business-ready-timeout must be longer than 0 s, got ${options.businessReadyTimeout}`);
  const driver = options.businessDriver ? await loadBusinessDriver(options.businessDriver) : undefined;
  if (driver && 'errors' in driver) errors.push(...driver.errors);
  if (errors.length > 0) throw new UsageError(errors.join('\n'));

  const identity = externalIdentity();
  const verifyToken = options.verifyToken ?? identity.verifyToken;
  const port = options.webhookUrl ? portOf(options.webhookUrl) : await freePort();
  const webhookUrl = options.webhookUrl ?? `http://127.0.0.1:${port}/webhook`;
  const graphPort = options.graphPort ?? (await freePort());
  const env: Record<string, string> = {
    PORT: String(port),
    CALLSOAK_WEBHOOK_URL: webhookUrl,
    CALLSOAK_GRAPH_URL: `http://127.0.0.1:${graphPort}/${GRAPH_VERSION}`,
    CALLSOAK_PAGE_ID: identity.pageId,
    CALLSOAK_APP_ID: identity.appId,
    CALLSOAK_ACCESS_TOKEN: identity.accessToken,
    CALLSOAK_APP_SECRET: identity.appSecret,
    CALLSOAK_VERIFY_TOKEN: verifyToken,
  };
  const dir = join(runDir, BUSINESS_DIR);
  const envFile = join(dir, 'business.env');
  writeFileAtomic(envFile, envFileText(env));
  log(`external business: ${webhookUrl} (its variables: ${displayPath(envFile)})`);
  for (const [key, value] of Object.entries(env)) log(`  ${key}=${value}`);

  let integration: IntegrationProcess | undefined;
  const outputPath = join(dir, 'output.log');
  if (options.businessCommand) {
    const cwd = resolve(options.businessCwd ?? '.');
    log(`external business: starting \`${options.businessCommand}\` in ${displayPath(cwd)} (output: ${displayPath(outputPath)})`);
    integration = await startIntegrationProcess({ command: options.businessCommand, cwd, env, logPath: outputPath });
  }
  const stop = async (): Promise<string | null> => {
    if (!integration) return null;
    const ended = await integration.stop();
    return `${ended.signal ? `signal ${ended.signal}` : `exit code ${ended.code}`}${ended.killed ? ' (SIGKILL after it ignored SIGTERM)' : ''}`;
  };
  try {
    await waitForHandshake(webhookUrl, verifyToken, readySeconds * 1000, integration, options.businessCommand);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`external business: its webhook answered the verification handshake`);
  return {
    plan: {
      webhookUrl,
      verifyToken,
      graphPort,
      identity: { pageId: identity.pageId, appId: identity.appId, accessToken: identity.accessToken, appSecret: identity.appSecret },
      env,
      envFile,
      ...(options.businessCommand ? { command: options.businessCommand, outputPath } : {}),
      ...(integration ? { pid: integration.pid } : {}),
      ...(options.businessDriver ? { driver: resolve(options.businessDriver) } : {}),
      driverFunctions: driver && 'functions' in driver ? driver.functions : [],
      ...(options.businessPage ? { page: new URL(options.businessPage, webhookUrl).href } : {}),
    },
    stop,
  };
}

/** Until the webhook answers the handshake, the integration exits, or the time is up. */
async function waitForHandshake(webhookUrl: string, verifyToken: string, timeoutMs: number, integration: IntegrationProcess | undefined, command: string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not tried';
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / HANDSHAKE_RETRY_MS) + 1; attempt++) {
    if (integration && !integration.running()) {
      const ended = await integration.exited;
      throw new UsageError(`--business-command \`${command}\` exited (${ended.signal ? `signal ${ended.signal}` : `exit code ${ended.code}`}) before its webhook ${webhookUrl} answered the verification handshake${tail(integration)}`);
    }
    const result = await verifySubscription(webhookUrl, verifyToken, Math.min(HANDSHAKE_ATTEMPT_MS, Math.max(1, deadline - Date.now())));
    if (result.ok) return;
    last = result.reason;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, HANDSHAKE_RETRY_MS));
  }
  const who = command ? `--business-command \`${command}\` is running, but its webhook` : 'the webhook';
  throw new UsageError(`${who} ${webhookUrl} did not answer the verification handshake (hub.mode=subscribe, hub.verify_token, hub.challenge) within ${Math.round(timeoutMs / 1000)} s: ${last}${command ? tail(integration) : ''}`);
}
