/**
 * Exit codes of every callsoak command. The README's table is written from this list;
 * scripts and CI jobs branch on these numbers, so they never change meaning.
 */
export const EXIT = {
  /** every call passed its checks */
  ok: 0,
  /** at least one call failed a check (or `validate`: the payload is invalid) */
  checkFailed: 1,
  /** usage or configuration error: bad option, unknown scenario, invalid scenario file, unusable --out, no browser */
  usage: 2,
  /** a threshold was breached */
  thresholdBreached: 3,
  /** `compare`: a regression against the baseline */
  regression: 4,
  /** a file of the run could not be written (a full disk, an I/O error): the run stopped, its results are incomplete or missing */
  writeFailed: 5,
  /** interrupted by SIGINT / SIGTERM */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A user mistake: printed as its message alone (no stack trace), exits with `code`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
