/**
 * Writes a history record under a name no earlier record has (node side): temp file, fsync,
 * then a hard link, which fails with EEXIST rather than replacing — so not even a race
 * between two processes can overwrite an earlier run.
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { kindOf, parseRecord, type HistoryRun } from './historyRecord.ts';

/**
 * 'written', or 'same-metrics' when `file` already holds this run with the same calls and
 * metrics (an earlier append of the same run). Anything else already there throws.
 */
export function writeRecordOnce(file: string, record: HistoryRun): 'written' | 'same-metrics' {
  if (existsSync(file)) return sameRun(file, record);
  const temp = join(dirname(file), `.${record.id}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(record, null, 1)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return sameRun(file, record); // another process recorded it first
  } finally {
    rmSync(temp, { force: true });
  }
  return 'written';
}

/** Same run recorded twice: fine when everything but the record time matches (a record from before kinds is a run). */
function sameRun(file: string, record: HistoryRun): 'same-metrics' {
  const strip = ({ recordedAt: _at, kind: _kind, ...rest }: HistoryRun) => JSON.stringify(rest);
  let existing: HistoryRun;
  try {
    existing = parseRecord(readFileSync(file, 'utf8'), file);
  } catch (error) {
    throw new Error(`history already holds a record of run ${record.id} and cannot read it (${(error as Error).message}); earlier records are never replaced`);
  }
  if (strip(existing) !== strip(record) || kindOf(existing) !== kindOf(record)) {
    throw new Error(`history already holds a different record of run ${record.id} (${file}); earlier records are never replaced`);
  }
  return 'same-metrics';
}
