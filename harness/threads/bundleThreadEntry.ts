/**
 * A worker thread's code, bundled from its TypeScript entry by esbuild's command line once per
 * process and entry (harness/relay/startRelayThread.ts, harness/platform/edge/startEdgeThread.ts).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** esbuild's command-line binary (the package's `bin`), run once per process to bundle the thread's code */
const ESBUILD_BIN = join(dirname(createRequire(import.meta.url).resolve('esbuild')), '..', 'bin', 'esbuild');
/** how much bundle esbuild may print unless the thread asks for more, bytes */
const DEFAULT_MAX_BUFFER_BYTES = 16 * 1024 * 1024;

export interface BundleOptions {
  /** more esbuild arguments, e.g. a `--banner:js=…` */
  esbuildArgs?: string[];
  /** how much bundle esbuild may print, bytes */
  maxBufferBytes?: number;
}

/** the bundles made in this process, by entry file */
const bundles = new Map<string, URL>();

/**
 * The thread's code: the entry and what it imports, bundled from the sources into one module the
 * first time a thread of that entry starts in this process, as a `data:` URL for `new Worker`. A
 * thread gets none of its starter's loaders (neither tsx's nor Playwright's); a bundle also spares
 * it a loader of its own, which would cost a thread and about three times the memory and start
 * time. esbuild's command line, not its API: the API's builds leave a service process running (a
 * soak counts it as the worker's), and stopping it would cut short the page server's bundles.
 */
export function bundleThreadEntry(entry: string, opts: BundleOptions = {}): URL {
  let code = bundles.get(entry);
  if (!code) {
    const bundle = execFileSync(ESBUILD_BIN, [entry, '--bundle', '--format=esm', '--platform=node', '--target=node20', '--log-level=error', ...(opts.esbuildArgs ?? [])], {
      encoding: 'utf8',
      maxBuffer: opts.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES,
    });
    code = new URL(`data:text/javascript,${encodeURIComponent(bundle)}`);
    bundles.set(entry, code);
  }
  return code;
}
