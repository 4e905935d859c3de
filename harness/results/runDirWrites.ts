/**
 * The one way callsoak writes a run's files (node side: the CLI and Playwright's runner).
 * A file appears whole or not at all: it is written to a temporary name, flushed and renamed.
 * A failed write (a full disk, an I/O error) leaves no temporary file behind and throws a
 * WriteFailure that names the path and the error, so the caller can stop, say so, and never
 * claim a file it does not have.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, parse, resolve, sep } from 'node:path';

/** A write of a run's file that did not happen: which file, and the system's error code. */
export class WriteFailure extends Error {
  constructor(
    /** the file (or directory) that could not be written */
    readonly path: string,
    /** the system error code, e.g. ENOSPC, EIO, EROFS, EACCES; 'unknown' when there was none */
    readonly code: string,
    /** the system's own words, e.g. "no space left on device" */
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${code} (${reason})`);
    this.name = 'WriteFailure';
  }
}

/** The error codes with their plain meaning, as a message shows them. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'exists and is not a directory',
  EISDIR: 'is a directory',
};

/** Turns what a `node:fs` call threw into a WriteFailure for `path` (a WriteFailure passes through). */
export function writeFailure(path: string, error: unknown): WriteFailure {
  if (error instanceof WriteFailure) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'unknown';
  return new WriteFailure(path, code, REASONS[code] ?? (error instanceof Error ? error.message : String(error)));
}

/**
 * Writes `data` to `path` whole or not at all (temp file, fsync, rename), creating its
 * directory. Throws a WriteFailure; the temporary file is removed first.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    makeDirectory(dirname(path));
    fd = openSync(temp, 'w');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // the descriptor is gone with the error that brought us here
      }
    }
    try {
      rmSync(temp, { force: true });
    } catch {
      // no temporary file could be there (its directory is not one)
    }
    throw writeFailure(path, error);
  }
}

/**
 * Creates `dir` and its missing parents, one level at a time, and throws a WriteFailure naming
 * the level that failed. Not `mkdirSync(…, { recursive: true })`: on a path under /proc that
 * spins for good (the kernel answers ENOENT for the child after EEXIST for the parent). The
 * loop is bounded by the path's depth.
 */
export function makeDirectory(dir: string): void {
  const absolute = resolve(dir);
  const { root } = parse(absolute);
  let current = root;
  for (const part of absolute.slice(root.length).split(sep).filter(Boolean)) {
    current = current === root ? root + part : current + sep + part;
    let isDir: boolean | undefined;
    try {
      isDir = statSync(current).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw writeFailure(current, error);
    }
    if (isDir === false) throw new WriteFailure(current, 'EEXIST', REASONS.EEXIST!);
    if (isDir === true) continue;
    try {
      mkdirSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(current, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw writeFailure(current, error);
    }
  }
}
