/** A path as a user wants to read it: relative when it is under the working directory, absolute otherwise. */
import { isAbsolute, relative } from 'node:path';

export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
