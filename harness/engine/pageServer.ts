/**
 * Serves the call page and its agent bundle on 127.0.0.1 (node side). getUserMedia needs a
 * secure context, and http://127.0.0.1 is one; about:blank is not.
 *
 * The agent is TypeScript; esbuild bundles it once per server start (tens of ms), so the
 * page always runs the sources in the tree. A team's transform module is bundled the same
 * way and served as /transform.js, to run where their client would run it: in the page.
 *
 * esbuild's API keeps its Go service process running for later calls, until this process
 * exits. A page server bundles only when it starts, so the service is stopped once no bundle
 * is in flight: left idle it is ~18 MB per Playwright worker for the whole run, counted in the
 * harness's memory by a soak (a later bundle starts a new service).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';

const AGENT_ENTRY = fileURLToPath(new URL('../agent/browser/agent.ts', import.meta.url));

// An empty icon: otherwise Chromium asks for /favicon.ico, and every call's console would open with its 404.
const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>callsoak agent</title></head>
<body><script type="module" src="/agent.js"></script></body></html>`;

export interface PageServer {
  /** e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  close(): Promise<void>;
}

/** bundles in flight in this process: esbuild's service is stopped when the last one ends */
let bundling = 0;

/** Bundles one entry into a single ES module (browser target). */
export async function bundleForPage(entry: string): Promise<string> {
  bundling++;
  try {
    return await bundle(entry);
  } finally {
    if (--bundling === 0) await stop();
  }
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
    sourcemap: 'inline',
  });
  return result.outputFiles[0]!.text;
}

/**
 * @param options.transformModule path of a team's transform module, served as /transform.js
 * @param options.submitterModule path of a team's submitter module, served as /submitter.js
 */
export async function startPageServer(options: { transformModule?: string; submitterModule?: string } = {}): Promise<PageServer> {
  const files = new Map<string, { type: string; body: string }>([
    ['/', { type: 'text/html; charset=utf-8', body: PAGE_HTML }],
    ['/agent.js', { type: 'text/javascript; charset=utf-8', body: await bundleForPage(AGENT_ENTRY) }],
  ]);
  if (options.transformModule) {
    files.set('/transform.js', { type: 'text/javascript; charset=utf-8', body: await bundleForPage(options.transformModule) });
  }
  if (options.submitterModule) {
    files.set('/submitter.js', { type: 'text/javascript; charset=utf-8', body: await bundleForPage(options.submitterModule) });
  }
  const server: Server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (!file || request.method !== 'GET') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
