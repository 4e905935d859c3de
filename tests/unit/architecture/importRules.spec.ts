/**
 * The import rules (tests/architecture/importRules.ts) held against the real import graph, and the
 * checker shown to fail, naming file, import and rule, on a fixture tree that breaks each kind of rule.
 */
import { test, expect } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readImportGraph, type ImportEdge } from '../../architecture/importGraph.ts';
import { checkImports, folderCycles, type ImportRules } from '../../architecture/checkImports.ts';
import { IMPORT_RULES } from '../../architecture/importRules.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/tree/', import.meta.url));

test.describe('the project', () => {
  let edges: ImportEdge[];
  test.beforeAll(() => {
    edges = readImportGraph(ROOT);
  });

  test('every import under harness/ and schemas/ follows its folder rule, and the page bundles reach only page code', () => {
    // the graph is the real one: type-only and run-time imports, resolved to files
    expect(edges.filter((e) => e.from.startsWith('harness/')).length).toBeGreaterThan(500);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'harness/results/resultsTypes.ts', to: 'harness/stats/audioSample.ts', internal: true, typeOnly: true }));
    expect(edges).toContainEqual(expect.objectContaining({ from: 'harness/agent/browser/agent.ts', internal: true, typeOnly: false }));
    expect(checkImports(edges, IMPORT_RULES)).toEqual([]);
  });

  test('no folder-level import cycle under harness/, type-only imports included', () => {
    expect(folderCycles(edges, 'harness')).toEqual([]);
  });

  test('every rule names a folder that exists, and every bundle entry exists', () => {
    const missing = [...IMPORT_RULES.folders.map((r) => r.folder), ...IMPORT_RULES.reach.map((r) => r.entry)].filter((p) => !existsSync(ROOT + p));
    expect(missing).toEqual([]);
  });

  test('ARCHITECTURE.md names every folder under harness/ in its table, and the rules table has a row for each', () => {
    const folders = (dir: string): string[] =>
      readdirSync(ROOT + dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => [`${dir}/${d.name}`, ...folders(`${dir}/${d.name}`)]);
    const withCode = folders('harness').filter((f) => readdirSync(ROOT + f).some((name) => name.endsWith('.ts')));
    const doc = readFileSync(ROOT + 'ARCHITECTURE.md', 'utf8');
    const rows = new Set(doc.split('\n').map((line) => /^\| `([^`]+)\/` \|/.exec(line)?.[1]));
    expect(withCode.filter((f) => !rows.has(f))).toEqual([]);
    const ruled = new Set(IMPORT_RULES.folders.map((r) => r.folder));
    // a folder with code follows its own row or its parent's; a top folder must have its own
    expect(withCode.filter((f) => f.split('/').length === 2 && !ruled.has(f))).toEqual([]);
  });
});

const FIXTURE_RULES: ImportRules = {
  rulesFile: 'fixture rules',
  roots: ['low', 'high', 'page', 'server', 'stray'],
  folders: [
    { folder: 'low', runsIn: 'anywhere', mayImport: [], packages: [] },
    { folder: 'high', runsIn: 'node', mayImport: ['low'] },
    { folder: 'page', runsIn: 'a page', mayImport: ['low', 'high', 'server'], packages: [] },
    { folder: 'server', runsIn: 'node', mayImport: ['low'], packages: ['node:path'] },
  ],
  reach: [{ entry: 'page/entry.ts', what: 'the fixture page bundle', mayReach: ['page', 'low'], packages: [] }],
};

test.describe('a fixture tree that breaks the rules', () => {
  let edges: ImportEdge[];
  test.beforeAll(() => {
    edges = readImportGraph(FIXTURE);
  });

  test('each broken rule is one message naming the file and line, the import, the rule and where it is written', () => {
    expect(checkImports(edges, FIXTURE_RULES)).toEqual([
      "low/leak.ts:2 imports '../high/feature.ts' (high/feature.ts, type-only): low/ may import nothing outside itself (fixture rules)",
      "server/config.ts:1 imports 'node:fs': server/ may import node:path (fixture rules)",
      'stray/orphan.ts: no folder rule holds this file; add its folder to fixture rules',
      "page/helper.ts:2 imports '../server/config.ts' (server/config.ts): the fixture page bundle may reach page, low; reached by page/entry.ts → page/helper.ts → server/config.ts (fixture rules)",
    ]);
  });

  test('a type-only import puts nothing in a page bundle; the same import at run time does', () => {
    // page/entry.ts imports high/ for a type: esbuild erases it, so the first test saw no message for it
    const runtime = edges.map((e) => (e.from === 'page/entry.ts' && e.to === 'high/feature.ts' ? { ...e, typeOnly: false } : e));
    expect(checkImports(runtime, FIXTURE_RULES)).toContain(
      "page/entry.ts:3 imports '../high/feature.ts' (high/feature.ts): the fixture page bundle may reach page, low; reached by page/entry.ts → high/feature.ts (fixture rules)",
    );
  });

  test('the folder cycle low ⇄ high is found, with the imports that close it', () => {
    expect(folderCycles(edges, '.')).toEqual([
      {
        folders: ['high', 'low'],
        imports: ['high/feature.ts:2 → low/vocab.ts', 'low/leak.ts:2 → high/feature.ts (type-only)'],
      },
    ]);
  });

  test('a type-only exception covers type-only imports alone', () => {
    const rules: ImportRules = {
      ...FIXTURE_RULES,
      folders: FIXTURE_RULES.folders.map((r) =>
        r.folder === 'low' ? { ...r, exceptions: [{ file: 'low/leak.ts', mayImport: ['high/feature.ts'], typeOnly: true, why: 'fixture' }] } : r,
      ),
    };
    expect(checkImports(edges, rules).filter((p) => p.startsWith('low/'))).toEqual([]);
    const runtime = edges.map((e) => (e.from === 'low/leak.ts' ? { ...e, typeOnly: false } : e));
    expect(checkImports(runtime, rules).filter((p) => p.startsWith('low/'))).toEqual([
      "low/leak.ts:2 imports '../high/feature.ts' (high/feature.ts): low/ may import nothing outside itself (fixture rules)",
    ]);
  });
});
