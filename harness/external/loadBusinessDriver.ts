/**
 * Loads a business driver module (`--business-driver PATH`) and says which of the driver
 * functions it has. The module's named exports, or its default export's properties, are the
 * functions. Every problem (no file, a load error, a known name that is not a function, no
 * known function at all) is one sentence each, all at once, naming the file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DRIVER_FUNCTIONS, type BusinessDriver, type DriverFunction } from './businessDriver.ts';

export type LoadedDriver = { driver: BusinessDriver; functions: DriverFunction[] } | { errors: string[] };

export async function loadBusinessDriver(file: string): Promise<LoadedDriver> {
  const path = resolve(file);
  if (!existsSync(path)) return { errors: [`--business-driver ${file}: no such file`] };
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    return { errors: [`--business-driver ${file}: could not be loaded: ${String((error as Error).message).split('\n')[0]}`] };
  }
  const fallback = module.default !== null && typeof module.default === 'object' ? (module.default as Record<string, unknown>) : {};
  const errors: string[] = [];
  const driver: Record<string, unknown> = {};
  for (const name of [...DRIVER_FUNCTIONS, 'close'] as const) {
    const value = module[name] ?? fallback[name];
    if (value === undefined) continue;
    if (typeof value !== 'function') errors.push(`--business-driver ${file}: \`${name}\` must be a function, got ${value === null ? 'null' : typeof value}`);
    else driver[name] = value;
  }
  const functions = DRIVER_FUNCTIONS.filter((name) => typeof driver[name] === 'function');
  if (errors.length === 0 && functions.length === 0) errors.push(`--business-driver ${file}: exports none of ${DRIVER_FUNCTIONS.join(', ')}`);
  return errors.length > 0 ? { errors } : { driver: driver as BusinessDriver, functions };
}
