/**
 * `--config FILE`: a JSON file or a module whose default export is the config. Each test writes
 * real files in a temporary folder and asserts the exact usage error a user reads: it names the
 * file as given and every bad field at once, never a stack trace.
 */
import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { loadConfigFile } from '../../../harness/cli/loadConfigFile.ts';
import { UsageError } from '../../../harness/exit/exitCodes.ts';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-config-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** the UsageError's message, failing the test if it threw anything else or nothing */
async function usageError(file: string): Promise<string> {
  const error = await loadConfigFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

const DEFINE_CONFIG = pathToFileURL(join(process.cwd(), 'harness/plan/defineConfig.ts')).href;

test('a JSON config is read as is, with the ready timeout defaulting to 30s', async () => {
  const file = write('callsoak.config.json', JSON.stringify({ webhookUrl: 'http://127.0.0.1:8080/webhook', businessCommand: 'node server.js', graphPort: 5005 }));
  expect(await loadConfigFile(file)).toEqual({ businessReadyTimeout: '30s', webhookUrl: 'http://127.0.0.1:8080/webhook', businessCommand: 'node server.js', graphPort: 5005 });
  const ready = write('ready.json', JSON.stringify({ businessCommand: 'npm start', businessReadyTimeout: '2m' }));
  expect(await loadConfigFile(ready)).toEqual({ businessReadyTimeout: '2m', businessCommand: 'npm start' });
});

/** what the CLI (under tsx) makes of `file`: the config as JSON, or `UsageError: message` */
function underTsx(file: string): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/loadConfigUnderTsx.ts', import.meta.url)), file], { encoding: 'utf8', timeout: 30_000 });
  expect(run.stderr).toBe('');
  return run.stdout;
}

test('a TypeScript config written with defineConfig is compiled and its default export used, as the CLI runs it (tsx)', () => {
  const ts = write('callsoak.config.ts', `import { defineConfig } from '${DEFINE_CONFIG}';\nconst port: number = 5006;\nexport default defineConfig({ businessPage: 'http://localhost:3000/agent', graphPort: port });\n`);
  expect(JSON.parse(underTsx(ts))).toEqual({ businessReadyTimeout: '30s', businessPage: 'http://localhost:3000/agent', graphPort: 5006 });
});

test('a .ts config with a syntax error names the line and column, not only esbuild\'s heading', () => {
  const ts = write('callsoak.config.ts', "export default { graphPort: 5006,, };\n");
  expect(underTsx(ts)).toBe(`UsageError: --config ${ts}: could not be loaded: ${ts}:1:33: ERROR: Expected identifier but found ","`);
});

test('a .mjs config is imported and its default export used', async () => {
  const mjs = write('callsoak.config.mjs', "export default { webhookUrl: 'http://[::1]:9000/hook', verifyToken: 'secret' };\n");
  expect(await loadConfigFile(mjs)).toEqual({ businessReadyTimeout: '30s', webhookUrl: 'http://[::1]:9000/hook', verifyToken: 'secret' });
});

test('every bad field is named at once, under the file: unknown, off loopback, not a duration, out of range, wrong type', async () => {
  const file = write('bad.json', JSON.stringify({ webhookUrl: 'http://example.com/hook', graphPort: 80, bogus: 1, businessReadyTimeout: 'soon', businessCommand: 42 }));
  expect(await usageError(file)).toBe(
    `--config ${file}:\n` +
      '  bogus is not a known field (known: webhookUrl, verifyToken, businessCommand, businessCwd, businessDriver, businessPage, businessReadyTimeout, graphPort)\n' +
      "  webhookUrl must be an http:// URL on 127.0.0.1, localhost or [::1], got 'http://example.com/hook'\n" +
      '  businessCommand must be a non-empty string, got 42\n' +
      "  businessReadyTimeout must be a duration like 90s, 10m, 2h or 1h30m, got 'soon'\n" +
      '  graphPort must be an integer 1024..65535, got 80',
  );
  const module = write('bad.mjs', "export default { businessPage: 'https://agent.example.com/' };\n");
  expect(await usageError(module)).toBe(`--config ${module}:\n  businessPage must be an http:// URL on 127.0.0.1, localhost or [::1], or a path such as /agent on the webhook URL's origin, got 'https://agent.example.com/'`);
});

test('a file that is not an object of options says what it holds instead', async () => {
  expect(await usageError(write('null.json', 'null'))).toBe(`--config ${join(dir, 'null.json')}: must hold an object of options, got null`);
  expect(await usageError(write('list.json', '[{"graphPort": 5005}]'))).toBe(`--config ${join(dir, 'list.json')}: must hold an object of options, got an array`);
  expect(await usageError(write('port.json', '5005'))).toBe(`--config ${join(dir, 'port.json')}: must hold an object of options, got number`);
  expect(await usageError(write('text.mjs', "export default 'http://127.0.0.1:8080/webhook';\n"))).toBe(`--config ${join(dir, 'text.mjs')}: must hold an object of options, got string`);
});

test('a missing file, a folder, another extension, broken JSON and a module without a default export each get one line naming the file', async () => {
  expect(await usageError(join(dir, 'missing.json'))).toBe(`--config ${join(dir, 'missing.json')}: no such file`);
  expect(await usageError(join(dir, 'missing.ts'))).toBe(`--config ${join(dir, 'missing.ts')}: no such file`);
  expect(await usageError(dir)).toBe(`--config ${dir}: must be a .json, .ts, .mts, .js or .mjs file`);
  expect(await usageError(write('callsoak.yaml', 'graphPort: 5005\n'))).toBe(`--config ${join(dir, 'callsoak.yaml')}: must be a .json, .ts, .mts, .js or .mjs file`);
  expect(await usageError(write('broken.json', '{ "graphPort": 5005, }'))).toMatch(new RegExp(`^--config ${escape(join(dir, 'broken.json'))}: not valid JSON: \\S`));
  expect(await usageError(write('named.mjs', 'export const config = { graphPort: 5005 };\n'))).toBe(`--config ${join(dir, 'named.mjs')}: has no default export (export default defineConfig({ ... }))`);
  mkdirSync(join(dir, 'folder.json'));
  expect(await usageError(join(dir, 'folder.json'))).toMatch(new RegExp(`^--config ${escape(join(dir, 'folder.json'))}: EISDIR`));
});

test('a module that throws or imports what is not there cannot be loaded (the file itself is there): the first line of why, never a stack', async () => {
  const throws = write('throws.mjs', "throw new Error('CALLSOAK_PORT is not set\\n    at somewhere');\n");
  expect(await usageError(throws)).toBe(`--config ${throws}: could not be loaded: CALLSOAK_PORT is not set`);
  const imports = write('imports.mjs', "import './not-there.mjs';\nexport default {};\n");
  expect(await usageError(imports)).toMatch(new RegExp(`^--config ${escape(imports)}: could not be loaded: Cannot find module '[^']*not-there\\.mjs'`));
  const syntax = write('syntax.mjs', 'export default {;\n');
  const message = await usageError(syntax);
  expect(message).toMatch(new RegExp(`^--config ${escape(syntax)}: could not be loaded: \\S`));
  expect(message).not.toContain('\n');
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
