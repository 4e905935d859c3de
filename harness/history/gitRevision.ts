/** The checked-out commit, for the history record (node side). */
import { execFileSync } from 'node:child_process';

/** Bound on git's run time: a history append must not hang on a stuck repository. */
const GIT_TIMEOUT_MS = 5000;

/** `git rev-parse HEAD` in `cwd` (default: the working directory); null when git or a checkout is missing. */
export function gitRevision(cwd = process.cwd()): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, timeout: GIT_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}
