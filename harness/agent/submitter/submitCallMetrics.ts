/**
 * The default call_metrics submitter (runs in the page; no node imports). One logical
 * submission per call: the body is serialized once and the same bytes go out on every attempt.
 * Transient failures are retried with capped exponential backoff and full jitter inside a total
 * time budget; permanent ones never are. If the page goes away, between attempts or during one,
 * the body is handed to sendBeacon / a keepalive fetch (submitOnPageHide.ts). A team's own submitter
 * exports the same `submitCallMetrics` signature (see README.md).
 */
import { backoffDelayMs } from './backoffDelayMs.ts';
import { classifyResponse, type AttemptOutcome } from './classifyResponse.ts';
import { sha256Hex } from './sha256Hex.ts';
import { onBrowserPageHide, submitOnPageHide, type HandOff } from './submitOnPageHide.ts';

export type { AttemptOutcome } from './classifyResponse.ts';

export interface SubmitOptions {
  /** full call_metrics URL, e.g. http://127.0.0.1:PORT/v21.0/PAGE_ID/call_metrics */
  url: string;
  /** sent as `Authorization: Bearer` (and in the query string of a last-chance beacon) */
  accessToken: string;
  /** attempts at most, the first included; default 5 */
  maxAttempts?: number;
  /** backoff cap before the 2nd attempt, ms; doubles per retry; default 250 */
  baseDelayMs?: number;
  /** largest backoff cap, ms; default 4000 */
  maxDelayMs?: number;
  /** the whole submission, waits and retries included, ms; default 15000 */
  totalBudgetMs?: number;
  /** one attempt without an answer is abandoned after this, ms; default 3000 */
  requestTimeoutMs?: number;
}

/** Side effects, injectable so the same code runs in Node tests against the real endpoint. */
export interface SubmitDeps {
  /** default: the global fetch */
  fetch?: typeof fetch;
  /** default: setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** uniform in [0, 1); default Math.random */
  random?: () => number;
  /** ms since the Unix epoch; default Date.now */
  now?: () => number;
  /** subscribe to "the page is going away"; returns the unsubscribe; default: window `pagehide` */
  onPageHide?: (listener: () => void) => () => void;
  /** default: navigator.sendBeacon */
  sendBeacon?: (url: string, data: string) => boolean;
}

export interface SubmitAttemptLog {
  /** 1-based */
  attempt: number;
  /** ms since the Unix epoch */
  startedAtMs: number;
  /** until the answer was read (or the attempt failed), ms */
  durationMs: number;
  /** HTTP status; 0 = no answer (timeout, network error, hand-off) */
  status: number;
  graphCode?: number;
  graphSubcode?: number;
  outcome: AttemptOutcome;
  /** SHA-256 (hex) of the body bytes sent; the same on every attempt */
  bodySha?: string;
  /** how the body left: a normal fetch, or the last-chance hand-off */
  via: 'fetch' | 'beacon' | 'keepalive_fetch';
  /** error message or description of the answer */
  message?: string;
}

export interface SubmitResult {
  /** stored: an accepted answer, or "already submitted" after an attempt whose answer was lost */
  accepted: boolean;
  attempts: SubmitAttemptLog[];
  /** why it was not accepted */
  finalError?: string;
  /** set when the page went away and the body was handed to the browser (answer unknown) */
  handedOff?: HandOff;
}

/** The signature a team's own submitter module exports (`--submitter ./module`). */
export type SubmitCallMetrics = (payload: object, opts: SubmitOptions, deps?: SubmitDeps) => Promise<SubmitResult>;

/** Chromium refuses keepalive bodies over 64 KiB (summed over in-flight keepalive requests). */
const KEEPALIVE_MAX_BYTES = 60 * 1024;

export const SUBMIT_DEFAULTS = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 4000, totalBudgetMs: 15_000, requestTimeoutMs: 3000 } as const;

export async function submitCallMetrics(payload: object, opts: SubmitOptions, deps: SubmitDeps = {}): Promise<SubmitResult> {
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const maxAttempts = opts.maxAttempts ?? SUBMIT_DEFAULTS.maxAttempts;
  const baseDelayMs = opts.baseDelayMs ?? SUBMIT_DEFAULTS.baseDelayMs;
  const maxDelayMs = opts.maxDelayMs ?? SUBMIT_DEFAULTS.maxDelayMs;
  const requestTimeoutMs = opts.requestTimeoutMs ?? SUBMIT_DEFAULTS.requestTimeoutMs;
  const deadline = now() + (opts.totalBudgetMs ?? SUBMIT_DEFAULTS.totalBudgetMs);

  // Serialized once: every attempt, and the last-chance beacon, carry these exact bytes.
  const bodyText = JSON.stringify(payload);
  const keepalive = new TextEncoder().encode(bodyText).length <= KEEPALIVE_MAX_BYTES;
  const bodySha = await sha256Hex(bodyText).catch(() => undefined);
  const attempts: SubmitAttemptLog[] = [];
  const shaField = bodySha === undefined ? {} : { bodySha };

  let settled = false;
  /** fetch attempts started so far */
  let started = 0;
  let handedOff: HandOff | undefined;
  let handOffLog: SubmitAttemptLog | undefined;
  let wake: (() => void) | null = null;
  const handOff = (): void => {
    handedOff = submitOnPageHide(bodyText, opts, { ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.sendBeacon ? { sendBeacon: deps.sendBeacon } : {}) });
    const via = handedOff === 'beacon' ? 'beacon' : 'keepalive_fetch';
    handOffLog = { attempt: started + 1, startedAtMs: now(), durationMs: 0, status: 0, outcome: 'handed_off', via, ...shaField };
  };
  // The body leaves inside the event, synchronously: work started after pagehide may never run.
  // This holds while an attempt is in flight too: that keepalive fetch outlives the page, but if
  // it fails nobody is left to retry. If it is stored, the hand-off is answered "already
  // submitted" (one submission per call) and its page-hide marker keeps the checks from counting
  // it as a second submission.
  const unsubscribe = (deps.onPageHide ?? onBrowserPageHide)(() => {
    if (settled || handedOff) return;
    handOff();
    wake?.();
  });

  const attempt = async (n: number, timeoutMs: number): Promise<SubmitAttemptLog> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const startedAtMs = now();
    const base = { attempt: n, startedAtMs, via: 'fetch' as const, ...shaField };
    try {
      const res = await doFetch(opts.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.accessToken}` },
        body: bodyText,
        keepalive,
        signal: controller.signal,
      });
      const text = await res.text();
      const c = classifyResponse(res.status, text);
      return { ...base, durationMs: now() - startedAtMs, status: res.status, ...c };
    } catch (error) {
      const outcome = controller.signal.aborted ? 'timeout' : 'network';
      const message = outcome === 'timeout' ? `no answer within ${timeoutMs} ms` : String(error);
      return { ...base, durationMs: now() - startedAtMs, status: 0, outcome, message };
    } finally {
      clearTimeout(timer);
    }
  };

  const finish = (accepted: boolean, finalError?: string): SubmitResult => ({
    accepted,
    attempts: handOffLog ? [...attempts, handOffLog] : attempts,
    ...(finalError === undefined ? {} : { finalError }),
    ...(handedOff === undefined ? {} : { handedOff }),
  });

  try {
    // true once an attempt may have been stored without us hearing (lost answer, 5xx)
    let maybeStored = false;
    for (let n = 1; n <= maxAttempts; n++) {
      if (handedOff) return finish(false, 'the page went away; the body was handed to the browser');
      const remaining = deadline - now();
      if (remaining <= 0) return finish(false, `gave up: the ${opts.totalBudgetMs ?? SUBMIT_DEFAULTS.totalBudgetMs} ms budget is spent`);
      started = n;
      const log = await attempt(n, Math.min(requestTimeoutMs, remaining));
      attempts.push(log);
      if (log.outcome === 'accepted') return finish(true);
      // After a hand-off, "already submitted" may be the hand-off's own record: stored either way.
      if (log.outcome === 'already_submitted') return maybeStored || handedOff ? finish(true) : finish(false, log.message);
      if (log.outcome === 'permanent') return finish(false, log.message);
      if (log.outcome === 'timeout' || log.outcome === 'network' || log.status >= 500) maybeStored = true;
      if (handedOff) return finish(false, `the page went away during attempt ${n} (${log.message ?? log.outcome}); the body was handed to the browser`);
      if (n === maxAttempts) break;
      const delay = backoffDelayMs(n, baseDelayMs, maxDelayMs, random);
      if (now() + delay >= deadline) return finish(false, `gave up: the next retry would end after the budget (last: ${log.message ?? log.outcome})`);
      await Promise.race([sleep(delay), new Promise<void>((resolve) => (wake = resolve))]);
      wake = null;
    }
    const last = attempts.at(-1);
    return finish(false, `gave up after ${maxAttempts} attempts (last: ${last?.message ?? last?.outcome ?? 'none'})`);
  } finally {
    settled = true;
    unsubscribe();
  }
}
