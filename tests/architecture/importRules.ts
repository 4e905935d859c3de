/**
 * The project's import rules, one row a folder: which process runs its code and which folders it
 * may import. A folder may always import its own subtree; a subfolder names its parent when it
 * uses it. Type-only imports count like any other, so the folders form one direction: nothing
 * imports a folder above it. `tests/unit/architecture/importRules.spec.ts` holds the real import
 * graph (TypeScript's resolution) against this table; ARCHITECTURE.md draws it.
 *
 * A new folder needs a row here before its first file lands: the test names any file no row holds.
 */
import type { ImportRules } from './checkImports.ts';

/** the page's only packages: none; esbuild bundles what the entry reaches, and a page has no `node:` modules */
const PAGE_SAFE = ['harness/agent', 'harness/contract', 'harness/random', 'harness/signaling', 'harness/stats'];

export const IMPORT_RULES: ImportRules = {
  rulesFile: 'tests/architecture/importRules.ts',
  roots: ['harness', 'schemas'],
  folders: [
    // ── the callsoak process ─────────────────────────────────────────────────────────────────
    {
      folder: 'harness/cli',
      runsIn: 'the callsoak process: commands, planning, starting Playwright Test',
      mayImport: ['harness/agent', 'harness/chromium', 'harness/compare', 'harness/contract', 'harness/exit', 'harness/external', 'harness/history', 'harness/metrics', 'harness/paths', 'harness/plan', 'harness/platform', 'harness/random', 'harness/relay', 'harness/report', 'harness/results', 'harness/scenario', 'harness/schema', 'harness/soak', 'harness/thresholds'],
    },
    { folder: 'harness/compare', runsIn: 'the callsoak process: compare runs with a baseline', mayImport: ['harness/exit', 'harness/history', 'harness/metrics', 'harness/results'] },
    { folder: 'harness/history', runsIn: 'the callsoak process: the run history', mayImport: ['harness/exit', 'harness/metrics', 'harness/paths', 'harness/results', 'harness/schema'] },
    {
      folder: 'harness/chromium',
      runsIn: 'the callsoak process: find, install and flag the Chromium binary',
      mayImport: [],
      packages: ['node:child_process', 'node:fs', 'node:path', 'playwright'],
    },

    // ── Playwright Test: the runner process and its workers ──────────────────────────────────
    { folder: 'harness/runner/reporter', runsIn: 'the Playwright runner process: reporters and console lines', mayImport: ['harness/metrics', 'harness/plan', 'harness/report', 'harness/results', 'harness/soak', 'harness/thresholds'] },
    {
      folder: 'harness/test',
      runsIn: "a Playwright worker of a team's own Playwright suite: the Playwright API (`callsoak/test`), its fixtures and live calls",
      mayImport: ['harness/chromium', 'harness/cli', 'harness/engine', 'harness/plan', 'harness/relay', 'harness/results', 'harness/scenario', 'harness/schema'],
    },
    { folder: 'harness/runner/worker', runsIn: 'a Playwright worker: the specs and their fixtures', mayImport: ['harness/endpoint', 'harness/engine', 'harness/external', 'harness/plan', 'harness/relay', 'harness/results', 'harness/scenario', 'harness/soak'] },
    {
      folder: 'harness/soak',
      runsIn: 'a Playwright worker (call slots, stop signal) and the runner process (monitor, soak results)',
      mayImport: ['harness/engine', 'harness/metrics', 'harness/plan', 'harness/relay', 'harness/results', 'harness/scenario', 'harness/signaling', 'harness/stats'],
    },
    { folder: 'harness/soak/checks', runsIn: 'the Playwright runner process: run-level soak checks (pure)', mayImport: ['harness/relay', 'harness/results', 'harness/stats'] },
    {
      folder: 'harness/engine',
      runsIn: 'a Playwright worker: one call (timeline, participants, page server)',
      mayImport: ['harness/agent', 'harness/business', 'harness/contract', 'harness/endpoint', 'harness/external', 'harness/nodepeer', 'harness/platform', 'harness/platform/edge', 'harness/random', 'harness/relay', 'harness/results', 'harness/scenario', 'harness/signaling', 'harness/stats', 'harness/thresholds'],
    },
    {
      folder: 'harness/engine/checks',
      runsIn: 'a Playwright worker: the checks of one finished call',
      mayImport: ['harness/engine', 'harness/agent', 'harness/contract', 'harness/endpoint', 'harness/platform', 'harness/relay', 'harness/results', 'harness/scenario', 'harness/signaling', 'harness/stats', 'harness/thresholds'],
    },
    {
      folder: 'harness/external',
      runsIn: "a Playwright worker: a team's own business integration as a black box (its process, its driver, its agent page observed)",
      mayImport: ['harness/exit', 'harness/paths', 'harness/results', 'harness/schema', 'harness/stats'],
    },
    { folder: 'harness/endpoint', runsIn: 'a Playwright worker: the call_metrics endpoint (HTTP server)', mayImport: ['harness/contract', 'harness/graph', 'harness/random', 'harness/schema'] },
    { folder: 'harness/platform', runsIn: 'a Playwright worker: the emulated Messenger Calling platform (HTTP server, call state, permissions, webhooks, /call_metrics through the endpoint\'s handler)', mayImport: ['harness/endpoint', 'harness/graph', 'harness/results', 'harness/schema'] },
    {
      folder: 'harness/platform/edge',
      runsIn: "a Playwright worker's edge thread (started from the worker), or the worker itself: the emulated media edge on werift",
      mayImport: ['harness/platform', 'harness/threads'],
      packages: ['werift', 'node:fs', 'node:url', 'node:worker_threads'],
    },
    { folder: 'harness/graph', runsIn: 'any node process serving or calling the Graph API: request bodies read within a limit, parsed, tokens found, error envelopes', mayImport: ['harness/contract'] },
    { folder: 'harness/relay', runsIn: 'a Playwright worker\'s relay thread (started from the worker), or `callsoak relay`: the TURN relay\'s sockets and schema', mayImport: ['harness/random', 'harness/schema', 'harness/threads'] },
    {
      folder: 'harness/threads',
      runsIn: 'the process that starts a thread (a Playwright worker; tests and benchmarks): bundling a thread\'s entry, starting it, requests and replies by id',
      mayImport: [],
      packages: ['esbuild', 'node:child_process', 'node:module', 'node:path', 'node:worker_threads'],
    },
    {
      folder: 'harness/relay/core',
      runsIn: 'pure: the relay\'s protocol and impairment core (no sockets, no clock of its own)',
      mayImport: ['harness/random'],
      packages: ['node:crypto'],
      exceptions: ['impairmentTimeline.ts', 'legPipeline.ts', 'linkParams.ts'].map((name) => ({
        file: `harness/relay/core/${name}`,
        mayImport: ['harness/relay/impairmentSchema.ts'],
        typeOnly: true,
        why: 'the Impairment type is Static<> of its TypeBox schema (one source for type, validation and --help); the core imports the type only, never the schema code',
      })),
    },
    {
      folder: 'harness/business',
      runsIn: 'a Playwright worker (or a process it starts): the reference business integration, its webhook receiver and Graph client',
      mayImport: ['harness/agent/submitter', 'harness/contract', 'harness/graph', 'harness/random', 'harness/schema', 'harness/signaling'],
      packages: ['@sinclair/typebox', 'node:crypto', 'node:http', 'node:net', 'node:perf_hooks'],
    },
    { folder: 'harness/relay/client', runsIn: 'tests and benchmarks: a TURN client to drive the relay', mayImport: ['harness/relay'] },

    // ── a call's participants ───────────────────────────────────────────────────────────────
    { folder: 'harness/nodepeer', runsIn: 'a Node peer process (libwebrtc)', mayImport: ['harness/agent', 'harness/signaling'] },
    { folder: 'harness/agent', runsIn: 'inside a peer: a Chromium page (bundled) or a Node peer process', mayImport: ['harness/contract', 'harness/random', 'harness/signaling', 'harness/stats'], packages: [] },
    { folder: 'harness/agent/submitter', runsIn: 'inside a peer: the default call_metrics submitter', mayImport: ['harness/contract'], packages: [] },
    { folder: 'harness/agent/browser', runsIn: 'a Chromium page only: the bundle entry and the page platform', mayImport: ['harness/agent', 'harness/signaling'], packages: [] },

    // ── reports ─────────────────────────────────────────────────────────────────────────────
    { folder: 'harness/report', runsIn: 'the runner process or the callsoak process: index.html, junit.xml, summary.md', mayImport: ['harness/exit', 'harness/metrics', 'harness/results', 'harness/thresholds'] },
    { folder: 'harness/report/html', runsIn: 'the runner process or the callsoak process: the HTML report\'s markup', mayImport: ['harness/report', 'harness/metrics', 'harness/relay', 'harness/results', 'harness/thresholds'] },
    { folder: 'harness/report/page', runsIn: 'the report page in a reader\'s browser (bundled into index.html)', mayImport: ['harness/report'], packages: ['uplot'] },

    // ── vocabulary: what every process shares, importing nothing above it ────────────────────
    { folder: 'harness/plan', runsIn: 'written by the callsoak process, read by the runner and workers: the run plan and its option schemas', mayImport: ['harness/chromium', 'harness/external', 'harness/results', 'harness/scenario', 'harness/schema'] },
    {
      folder: 'harness/scenario',
      runsIn: 'the callsoak process (loading, validation) and workers: scenario definitions',
      mayImport: ['harness/agent', 'harness/contract', 'harness/endpoint', 'harness/external', 'harness/paths', 'harness/relay', 'harness/schema', 'harness/signaling', 'harness/thresholds'],
    },
    { folder: 'harness/thresholds', runsIn: 'any node process: threshold syntax and evaluation', mayImport: ['harness/exit', 'harness/metrics', 'harness/results', 'harness/schema'] },
    { folder: 'harness/metrics', runsIn: 'pure: metric definitions and the series they derive from', mayImport: ['harness/results', 'harness/stats'], packages: [] },
    { folder: 'harness/schema', runsIn: 'any node process: validation against schemas, and the error sentences', mayImport: ['harness/contract'], packages: ['@sinclair/typebox', 'ajv'] },
    { folder: 'harness/contract', runsIn: 'pure, in a page and in node: the call_metrics payload, its transforms and its checks', mayImport: ['harness/results', 'harness/stats'], packages: ['@sinclair/typebox', 'ajv'] },
    { folder: 'harness/contract/checks', runsIn: 'pure: the payload\'s contract checks', mayImport: ['harness/contract', 'harness/results', 'harness/stats'], packages: [] },
    { folder: 'harness/contract/transforms', runsIn: 'pure, in a page and in node: getStats → payload', mayImport: ['harness/contract', 'harness/stats'], packages: [] },
    { folder: 'harness/results', runsIn: 'any node process: results.json types, and writing them', mayImport: ['harness/stats'], packages: ['node:fs', 'node:path'] },
    { folder: 'harness/stats', runsIn: 'pure, in a page and in node: getStats samples', mayImport: [], packages: [] },
    { folder: 'harness/signaling', runsIn: 'types only: the messages between a peer and its node side (the platform, the business\'s server)', mayImport: [], packages: [] },
    { folder: 'harness/random', runsIn: 'pure, in a page and in node: seeded random numbers', mayImport: [], packages: [] },
    { folder: 'harness/exit', runsIn: 'any node process: exit codes and the user-mistake error', mayImport: [], packages: [] },
    { folder: 'harness/paths', runsIn: 'any node process: paths as a user reads them', mayImport: [], packages: ['node:path'] },

    // ── outside harness/ ────────────────────────────────────────────────────────────────────
    { folder: 'schemas', runsIn: 'a developer, by hand: writes the published JSON Schemas', mayImport: ['harness/contract'] },
  ],
  reach: [
    { entry: 'harness/agent/browser/agent.ts', what: 'the page bundle', mayReach: PAGE_SAFE, packages: [] },
    {
      entry: 'harness/report/page/reportPage.ts',
      what: 'the report page bundle',
      mayReach: ['harness/report/page', 'harness/report/chartDefinitions.ts', 'harness/report/soakChartDefinitions.ts'],
      packages: ['uplot'],
    },
  ],
};
