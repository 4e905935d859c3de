/**
 * Holds an import graph against the project's import rules: what each folder may import, what
 * a bundle entry may reach, and that folders import each other in one direction only.
 * Pure: the graph comes from importGraph.ts, the rules from importRules.ts (or a test's own).
 */
import type { ImportEdge } from './importGraph.ts';

export interface FolderRule {
  /** the folder, relative to the root, e.g. `harness/relay/core`; a file follows the longest folder that holds it */
  folder: string;
  /** which process runs this folder's code (ARCHITECTURE.md says the same) */
  runsIn: string;
  /** project folders it may import besides its own subtree; type-only imports count too */
  mayImport: string[];
  /** packages and `node:` builtins it may import; absent = any */
  packages?: string[];
  /** a file's own extra permission, with the reason it is not a folder rule */
  exceptions?: {
    file: string;
    mayImport: string[];
    /** the exception covers type-only imports alone; a run-time import still breaks the rule */
    typeOnly?: boolean;
    why: string;
  }[];
}

export interface ReachRule {
  /** the bundle's entry file, e.g. `harness/agent/browser/agent.ts` */
  entry: string;
  /** what the bundle is, for the message: `the page bundle` */
  what: string;
  /** folders whose files the entry may reach through run-time imports (esbuild bundles those) */
  mayReach: string[];
  /** packages it may reach at run time; builtins are never in a page */
  packages: string[];
}

export interface ImportRules {
  /** the file the rules are written in, named in every message */
  rulesFile: string;
  /** every project file under these folders must fall under a folder rule */
  roots: string[];
  folders: FolderRule[];
  reach: ReachRule[];
}

const under = (path: string, folder: string) => path === folder || path.startsWith(folder + '/');

/** The rule a file follows: the longest rule folder that holds it. */
export function ruleFor(file: string, rules: ImportRules): FolderRule | undefined {
  let best: FolderRule | undefined;
  for (const rule of rules.folders) if (under(file, rule.folder) && (!best || rule.folder.length > best.folder.length)) best = rule;
  return best;
}

/** Every broken rule, one sentence each: the file and line, the import, the rule and where it is written. */
export function checkImports(edges: readonly ImportEdge[], rules: ImportRules): string[] {
  const problems: string[] = [];
  const unruled = new Set<string>();
  for (const edge of edges) {
    if (!rules.roots.some((root) => under(edge.from, root))) continue;
    const rule = ruleFor(edge.from, rules);
    if (!rule) {
      unruled.add(edge.from);
      continue;
    }
    const where = `${edge.from}:${edge.line} imports '${edge.specifier}'`;
    if (edge.internal) {
      if (under(edge.to, rule.folder) || rule.mayImport.some((folder) => under(edge.to, folder))) continue;
      const exception = rule.exceptions?.find((e) => e.file === edge.from && (!e.typeOnly || edge.typeOnly) && e.mayImport.some((folder) => under(edge.to, folder)));
      if (exception) continue;
      const allowed = rule.mayImport.length ? rule.mayImport.join(', ') : 'nothing outside itself';
      problems.push(`${where} (${edge.to}${edge.typeOnly ? ', type-only' : ''}): ${rule.folder}/ may import ${allowed} (${rules.rulesFile})`);
    } else if (rule.packages && !rule.packages.includes(edge.to)) {
      const allowed = rule.packages.length ? rule.packages.join(', ') : 'no package or builtin';
      problems.push(`${where}: ${rule.folder}/ may import ${allowed} (${rules.rulesFile})`);
    }
  }
  for (const file of [...unruled].sort()) problems.push(`${file}: no folder rule holds this file; add its folder to ${rules.rulesFile}`);
  for (const reach of rules.reach) problems.push(...checkReach(edges, reach, rules.rulesFile));
  return problems;
}

/** What a bundle entry reaches through run-time imports, and every file or package it may not. */
function checkReach(edges: readonly ImportEdge[], rule: ReachRule, rulesFile: string): string[] {
  const runtime = new Map<string, ImportEdge[]>();
  for (const edge of edges) if (!edge.typeOnly) runtime.set(edge.from, [...(runtime.get(edge.from) ?? []), edge]);
  if (!runtime.has(rule.entry) && !edges.some((e) => e.to === rule.entry)) return [`${rule.entry}: the entry of ${rule.what} is not in the import graph (${rulesFile})`];
  const problems: string[] = [];
  // breadth-first, so each file is reached by its shortest chain, which the message shows
  const via = new Map<string, string[]>([[rule.entry, [rule.entry]]]);
  const queue = [rule.entry];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    for (const edge of runtime.get(file) ?? []) {
      const chain = [...via.get(file)!, edge.to];
      if (!edge.internal) {
        if (!rule.packages.includes(edge.to)) problems.push(`${edge.from}:${edge.line} imports '${edge.specifier}': ${rule.what} may reach ${rule.packages.join(', ') || 'no package or builtin'}; reached by ${chain.join(' → ')} (${rulesFile})`);
        continue;
      }
      if (via.has(edge.to)) continue;
      via.set(edge.to, chain);
      if (!rule.mayReach.some((folder) => under(edge.to, folder))) {
        problems.push(`${edge.from}:${edge.line} imports '${edge.specifier}' (${edge.to}): ${rule.what} may reach ${rule.mayReach.join(', ')}; reached by ${chain.join(' → ')} (${rulesFile})`);
        continue;
      }
      queue.push(edge.to);
    }
  }
  return problems;
}

/** The folder a file counts in for cycles: the first level below `root` (`harness/relay/core/x.ts` → `harness/relay`); root `.` is the top level. */
export function topFolder(file: string, root: string): string | undefined {
  const prefix = root === '.' ? '' : root + '/';
  if (!file.startsWith(prefix)) return undefined;
  const rest = file.slice(prefix.length).split('/');
  return rest.length > 1 ? prefix + rest[0] : undefined;
}

export interface FolderCycle {
  /** the folders that import each other round, sorted */
  folders: string[];
  /** the imports between them, `from → to` with type-only marked */
  imports: string[];
}

/**
 * Folder-level import cycles below `root`, type-only imports included: the strongly connected
 * components of the folder graph with more than one folder (Tarjan's algorithm).
 */
export function folderCycles(edges: readonly ImportEdge[], root: string): FolderCycle[] {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!edge.internal) continue;
    const a = topFolder(edge.from, root);
    const b = topFolder(edge.to, root);
    if (!a || !b || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a)!.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((folders) => ({
    folders,
    imports: edges
      .filter((e) => e.internal && folders.includes(topFolder(e.from, root) ?? '') && folders.includes(topFolder(e.to, root) ?? '') && topFolder(e.from, root) !== topFolder(e.to, root))
      .map((e) => `${e.from}:${e.line} → ${e.to}${e.typeOnly ? ' (type-only)' : ''}`)
      .sort(),
  }));
}
