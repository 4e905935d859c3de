/**
 * Where callsoak's own files are, independent of the working directory (node side).
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package root: the folder with package.json, playwright.config.ts and scenarios/. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundled scenarios users run and extend. */
export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');

export const HARNESS_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
