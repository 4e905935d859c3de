/**
 * Reads `--config FILE` (the callsoak process): the external business options a CI job keeps in
 * one file instead of flags. `.json` is parsed; `.ts`, `.mts`, `.js` and `.mjs` are imported
 * (the CLI runs under tsx) and their default export is the config (`defineConfig({...})`). Every
 * problem becomes one UsageError naming the file and each bad field, all at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../exit/exitCodes.ts';
import { DEFAULT_BUSINESS_READY_TIMEOUT, ExternalBusinessConfigSchema, type ExternalBusinessConfig } from '../plan/externalBusinessSchema.ts';
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
    // tsx's (esbuild's) TransformError heads its message "Transform failed with 1 error:"; the next line says where and what
    const lines = String(e.message).split('\n');
    const first = e.name === 'TransformError' && lines[1] ? lines[1] : lines[0];
    // not found with the file there: a module it imports is missing (the message names the config as its importer)
    const why = e.code === 'ERR_MODULE_NOT_FOUND' && !existsSync(path) ? 'no such file' : `could not be loaded: ${first}`;
    throw new UsageError(`--config ${file}: ${why}`);
  }
  if (module.default === undefined) throw new UsageError(`--config ${file}: has no default export (export default defineConfig({ ... }))`);
  return module.default;
}

/** The file's options, checked against the same schema as the flags. */
export async function loadConfigFile(file: string): Promise<ExternalBusinessConfig> {
  const value = await readConfigValue(file);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`--config ${file}: must hold an object of options, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  const withDefaults = { businessReadyTimeout: DEFAULT_BUSINESS_READY_TIMEOUT, ...(value as Record<string, unknown>) };
  const errors = schemaErrors(ExternalBusinessConfigSchema, withDefaults);
  if (errors.length > 0) throw new UsageError(`--config ${file}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  return withDefaults as ExternalBusinessConfig;
}
