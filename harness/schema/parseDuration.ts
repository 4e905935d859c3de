/**
 * Durations as people write them on a command line: `90s`, `10m`, `2h`, `1h30m`. Pure.
 */

/** the pattern the option schemas use, so `--help` and validation agree */
export const DURATION_PATTERN = '^(\\d+h)?(\\d+m)?(\\d+s)?$';

/** what a schema error says a duration must be (the schemas' `expected` annotation) */
export const DURATION_EXPECTED = 'a duration like 90s, 10m, 2h or 1h30m';

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };

/** @returns seconds, or undefined when `text` is not a duration like 90s, 10m, 2h, 1h30m */
export function parseDuration(text: string): number | undefined {
  if (text === '' || !new RegExp(DURATION_PATTERN).test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([hms])/g)) seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  return seconds;
}
