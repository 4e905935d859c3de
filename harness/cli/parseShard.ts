/**
 * `run --shard I/N`: which part of the calls this machine runs. Playwright Test does the
 * splitting (its own `--shard`); this only checks the text a user typed. Pure.
 */
import type { RunShard } from '../results/resultsTypes.ts';

/** The most parts a run may be split into (as --workers: beyond it, merge, not sharding, is the bottleneck). */
export const MAX_SHARDS = 64;

/** @returns the shard, or the sentence that says what is wrong with `text` */
export function parseShard(text: string): { shard: RunShard } | { error: string } {
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const total = match ? Number(match[2]) : NaN;
  if (!match || index < 1 || total > MAX_SHARDS || index > total) {
    return { error: `--shard must be I/N with 1 <= I <= N <= ${MAX_SHARDS} (run part I of N; merge the parts with callsoak merge), got '${text}'` };
  }
  return { shard: { index, total } };
}

/** `2/3`, as Playwright Test and messages write a shard. */
export function formatShard(shard: RunShard): string {
  return `${shard.index}/${shard.total}`;
}
