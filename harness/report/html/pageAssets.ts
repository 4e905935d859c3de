/**
 * The report page's script and styles, inlined into every index.html so it opens offline
 * (node side). The page script (../page/reportPage.ts) is bundled with uPlot by esbuild at
 * render time — there is no build step to go stale — and cached for the process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export interface PageAssets {
  /** JavaScript for one inline <script> element (no `</script` inside) */
  script: string;
  /** CSS for one inline <style> element */
  css: string;
  /** the bundled chart library, for the report's footer */
  chartLibrary: { name: string; version: string; license: string };
}

const require = createRequire(import.meta.url);
let cached: PageAssets | undefined;

/** A block comment that cannot end early. */
function comment(text: string): string {
  return `/*\n${text.replace(/\*\//g, '* /').trim()}\n*/\n`;
}

export function pageAssets(): PageAssets {
  if (cached) return cached;
  const uplotPackage = require('uplot/package.json') as { version: string; license: string };
  const uplotLicense = readFileSync(require.resolve('uplot/LICENSE'), 'utf8');
  const built = buildSync({
    entryPoints: [fileURLToPath(new URL('../page/reportPage.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome100',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = built.outputFiles[0]!.text;
  // an inline script ends at the first `</script`, whatever the JavaScript around it means
  const script = `${comment(`uPlot ${uplotPackage.version}, bundled into this report:\n${uplotLicense}`)}${code.replace(/<\/(script)/gi, '<\\/$1')}`;
  const css = `${readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8')}\n${readFileSync(fileURLToPath(new URL('../page/report.css', import.meta.url)), 'utf8')}`;
  cached = { script, css, chartLibrary: { name: 'uPlot', version: uplotPackage.version, license: uplotPackage.license } };
  return cached;
}
