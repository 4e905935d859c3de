/**
 * The project's import graph as TypeScript itself resolves it: every `import`, `export … from`
 * and `import()` of every file a tsconfig includes, with the file it resolves to.
 *
 * Why TypeScript's own API and not a dependency-graph package: the resolution must be the one
 * `tsc` type-checks with (`.ts` extensions, `node:` builtins, package `exports`), and it must see
 * type-only imports, which a bundler's graph drops. dependency-cruiser, the maintained choice,
 * needs Node ≥ 22 (18.x) or TypeScript's pre-7 compiler API (17.x found no module in this tree
 * with TypeScript 7), so neither runs here. TypeScript 7 answers through its `unstable/sync`
 * API; the lock file pins its version, and the fixture test fails first if that API changes.
 */
import { relative, resolve } from 'node:path';
import { API } from 'typescript/unstable/sync';
import { SyntaxKind } from 'typescript/unstable/ast';

export interface ImportEdge {
  /** the importing file, relative to the root, `/`-separated */
  from: string;
  /** 1-based line of the module specifier */
  line: number;
  /** the module specifier as written, e.g. `../relay/profiles.ts`, `node:fs` */
  specifier: string;
  /** the resolved file relative to the root; for a package or builtin, its name (`node:fs`, `@playwright/test`) */
  to: string;
  /** whether `to` is a file of the project (not under node_modules, not a builtin) */
  internal: boolean;
  /** erased at compile time: `import type`, all-`type` named imports, `export type … from`, `import('x').T` */
  typeOnly: boolean;
}

/** The name of the package a specifier names: `@scope/pkg/sub` → `@scope/pkg`, `node:fs` → `node:fs`. */
export function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Reads every import of the project `tsconfigPath` describes; paths are relative to `root`. */
export function readImportGraph(root: string, tsconfigPath = 'tsconfig.json'): ImportEdge[] {
  const api = new API({ cwd: resolve(root) });
  try {
    const project = api.updateSnapshot({ openProject: resolve(root, tsconfigPath) }).getProjects()[0];
    if (!project) throw new Error(`TypeScript opened no project from ${tsconfigPath}`);
    const edges: ImportEdge[] = [];
    for (const fileName of project.program.getSourceFileNames()) {
      if (fileName.includes('/node_modules/')) continue;
      const file = project.program.getSourceFile(fileName);
      if (!file || file.imports.length === 0) continue;
      const from = relative(root, fileName);
      const symbols = project.checker.getSymbolAtLocation([...file.imports]);
      file.imports.forEach((node, i) => {
        const specifier = (node as unknown as { text: string }).text;
        const declared = symbols[i]?.declarations?.[0]?.path;
        const internal = declared !== undefined && !declared.includes('/node_modules/') && !specifier.startsWith('node:') && isRelative(specifier);
        edges.push({
          from,
          line: file.getLineAndCharacterOfPosition(node.end).line + 1,
          specifier,
          to: internal ? relative(root, declared) : packageName(specifier),
          internal,
          typeOnly: isTypeOnly(node.parent),
        });
      });
    }
    return edges;
  } finally {
    api.close();
  }
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/** The AST as far as this file reads it: the flags that say an import is erased. */
interface ImportSite {
  kind: number;
  isTypeOnly?: boolean;
  importClause?: { isTypeOnly?: boolean; name?: unknown; namedBindings?: { elements?: readonly { isTypeOnly?: boolean }[] } };
  exportClause?: { elements?: readonly { isTypeOnly?: boolean }[] };
}

function isTypeOnly(parentNode: unknown): boolean {
  const site = parentNode as ImportSite;
  switch (site.kind) {
    case SyntaxKind.ImportDeclaration: {
      const clause = site.importClause;
      if (!clause) return false; // `import './x.ts'` runs the module
      if (clause.isTypeOnly) return true;
      const elements = clause.namedBindings?.elements;
      return !clause.name && elements !== undefined && elements.length > 0 && elements.every((e) => e.isTypeOnly);
    }
    case SyntaxKind.ExportDeclaration: {
      if (site.isTypeOnly) return true;
      const elements = site.exportClause?.elements;
      return elements !== undefined && elements.length > 0 && elements.every((e) => e.isTypeOnly);
    }
    case SyntaxKind.CallExpression:
      return false; // import('…') at run time
    default:
      return true; // import('…').T in a type position
  }
}
