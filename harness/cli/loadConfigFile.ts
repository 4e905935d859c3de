/**
 * Reads `--config FILE` (the callsoak process): the external business options a CI job keeps in
 * one file instead of flags. `.json` is parsed; `.ts`, `.mts`, `.js` and `.mjs` are imported
 * (the CLI runs under tsx) and their default export is the config (`defineConfig({...})`). Every
 * problem becomes one UsageError naming the file and each bad field, all at once.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../exit/exitCodes.ts';
import { ExternalBusinessConfigSchema, type ExternalBusinessConfig } from '../plan/externalBusinessSchema.ts';
import { schemaErrors } from '../schema/schemaErrors.ts';

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);

async function readConfigValue(file: string): Promise<unknown> {
  const path = resolve(file);
  const extension = extname(path);
  if (extension === '.json') {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`--config ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--config ${file}: not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!MODULE_EXTENSIONS.has(extension)) throw new UsageError(`--config ${file}: must be a .json, .ts, .mts, .js or .mjs file`);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(path) ? 'no such file' : `could not be loaded: ${String(e.message).split('\n')[0]}`;
    throw new UsageError(`--config ${file}: ${why}`);
  }
  if (module.default === undefined) throw new UsageError(`--config ${file}: has no default export (export default defineConfig({ ... }))`);
  return module.default;
}

/** The file's options, checked against the same schema as the flags. */
export async function loadConfigFile(file: string): Promise<ExternalBusinessConfig> {
  const value = await readConfigValue(file);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`--config ${file}: must hold an object of options, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  const withDefaults = { businessReadyTimeout: '30s', ...(value as Record<string, unknown>) };
  const errors = schemaErrors(ExternalBusinessConfigSchema, withDefaults);
  if (errors.length > 0) throw new UsageError(`--config ${file}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  return withDefaults as ExternalBusinessConfig;
}
