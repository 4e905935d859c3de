/**
 * Reads a thresholds JSON file (node side): `{ "audio.jitter_ms": ["p(95)<30"], ... }`.
 * Every problem — unreadable file, invalid JSON, unknown metric, bad expression — becomes
 * one UsageError (exit 2) naming the file, the key and the problem; all are listed at once.
 */
import { readFileSync } from 'node:fs';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import { validateThresholds, type ParsedThreshold } from './thresholdsSchema.ts';

export interface LoadedThresholds {
  /** the file's content as written (what evaluateThresholds takes) */
  raw: Record<string, string[]>;
  /** every key × expression, parsed */
  parsed: ParsedThreshold[];
}

/** @param file the path as the user typed it (used in messages) */
export function loadThresholdsFile(file: string): LoadedThresholds {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new UsageError(`cannot read thresholds file ${file}: ${why}`, EXIT.usage);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new UsageError(`${file}: invalid JSON: ${(error as Error).message}`, EXIT.usage);
  }
  const validated = validateThresholds(value, file);
  if (!validated.ok) throw new UsageError(`invalid thresholds in ${file}:\n  ${validated.errors.join('\n  ')}`, EXIT.usage);
  return { raw: value as Record<string, string[]>, parsed: validated.thresholds };
}
