/**
 * results.json, schemaVersion 1. Later work adds fields; it never removes or renames these.
 * Every run directory holds one; the HTML report, JUnit, Markdown summary, `compare` and
 * `merge` all read this shape and nothing else.
 */
import type { SoakResults } from './soakTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import type { MetricName } from './metricNames.ts';
import type { PlatformLog } from './platformLog.ts';

export type RunStatus = 'passed' | 'failed' | 'interrupted';

/** The team's own integration a run tested (`run.business` in results.json). */
export interface ExternalRunBusiness {
  /** the webhook URL the platform subscribed and delivered to */
  webhookUrl: string;
  /** the command callsoak started (absent: the team ran the integration itself) */
  command?: string;
  /** its stdout and stderr, relative to the run directory (absent without a command) */
  output?: string;
  /** the business driver's functions (absent: no driver) */
  driverFunctions?: string[];
}

export interface CheckResult {
  /** stable id, e.g. `submission.accepted`, `contract.units.rtt` */
  id: string;
  ok: boolean;
  severity: 'error' | 'warning';
  /** what was found, what it should be, and how it was computed */
  message: string;
  /**
   * true when the check had too little data to judge (a memory slope over a 10-min soak, a
   * packet rate over a 30-s call): `ok` stays true so the run is not failed, and every report
   * shows it as "no verdict", never as a pass. Absent otherwise.
   */
  noVerdict?: true;
}

export interface SubmissionAttempt {
  /** 1-based attempt number as the endpoint saw it for this call */
  attempt: number;
  /** HTTP status, or 0 when no response was received (reset, timeout) */
  status: number;
  /** parsed JSON response body, or the raw text when it was not JSON */
  response: unknown;
  /** when the endpoint received the request, ms since the Unix epoch */
  receivedAtMs?: number;
  /** how long the endpoint took to answer, ms */
  latencyMs?: number;
  /** the request body as received (identical bodies across retries is a check) */
  body?: unknown;
}

export type CallVerdict = 'passed' | 'failed' | 'skipped';

/**
 * How far a call got in an interrupted run:
 * - 'interrupted': it was running. After the first signal its talk ended early and properly
 *   (final snapshot, payload, submission) and its checks apply; after a forced stop (a second
 *   signal, or a run directory that could not be written) it was cut off and has no verdict.
 * - 'not-started': the run was stopped before it began.
 * - 'not-applicable': the scenario cannot run against this business (an external business
 *   without the driver function it needs); `skipReason` says why.
 */
export type CallState = 'interrupted' | 'not-started' | 'not-applicable';

export interface CallResult {
  scenario: string;
  /** state 'not-applicable': why the scenario did not run */
  skipReason?: string;
  callId: string;
  expectedEndCallReason: string;
  /** the reason the business agent decided on (what it put into its payload's context) */
  endCallReason: string | null;
  endCallSubreason?: string | null;
  talkSeconds: number;
  /** which transform produced `payload`: `spec`, `documented`, or the user's module path */
  transform?: string;
  /** exactly what was POSTed (null when the agent never submitted) */
  payload: unknown;
  submissions: SubmissionAttempt[];
  checks: CheckResult[];
  samples: AudioSample[];
  /** the final getStats() snapshot taken before pc.close(), as plain objects */
  finalStats?: Record<string, unknown>[];
  /** ms since the Unix epoch */
  startedAtMs?: number;
  endedAtMs?: number;
  /**
   * the call's verdict: 'skipped' = none, neither a pass nor a failure (it never started, or a
   * forced stop ended it before it could be judged; `state` says which); absent in results
   * written before it existed (then its failed error checks decide)
   */
  status?: CallVerdict;
  /** how far the call got when its run was interrupted; absent = it ran to its end */
  state?: CallState;
  /** relative path (from the run directory) of this call's own directory */
  dir?: string;
  /** which repetition of its scenario this call was (--repetition-offset + 0-based --repeat index); the relay's random streams derive from it */
  repetition?: number;
  /** relay ground truth per leg and SSRC (relay issue) */
  legs?: unknown[];
  /** payload of every transform computed from the same final snapshot, and their differences */
  transforms?: unknown;
  /** when each timeline step started: its label and seconds since the call started */
  timeline?: { label: string; atS: number }[];
  /**
   * what each side ran in (chromium, node), its version, and — for a Node peer — every way it
   * differs from a Chromium page (behaviour, stats report types and fields); for a Chromium
   * side, whether its page was its own or shared with other participants (soak)
   */
  peers?: Partial<Record<'consumer' | 'business', { runtime: string; version: string; differences: string[]; page?: 'own' | 'shared' }>>;
  /** what the timeline impaired when: role, direction, seconds since the call started, label */
  impairments?: { role: string; direction: string; fromS: number; toS: number | null; label: string }[];
  /**
   * what each side logged, by participant name (consumer, business, third): its page's console
   * and uncaught errors (`pageerror: …`) — a team's transform or submitter logs here — or its
   * Node process's output. Only sides that logged, with a page or process of their own (a soak's
   * shared page mixes every call's lines); the first 500 lines each.
   */
  console?: Partial<Record<string, string[]>>;
  /**
   * the machine's load while the call ran (busiest share of all cores per second, %) and the
   * audio the network does not explain (check `machine.degraded`): concealed or not played, as
   * a share of the call's audio time, %, and the spans of seconds it covers
   */
  machine?: {
    cpu: { t: number; cpuPct: number }[];
    concealedPct: number;
    spans: { fromS: number; toS: number; concealedPct: number; playoutLagPct: number; cpuPct?: number; sampleGapS: number }[];
  };
  /**
   * what the emulated Messenger Calling platform saw and did for this call: every webhook with
   * each delivery attempt, the business's Graph requests (`/calls`, `/call_metrics`) with their
   * answers, the call's state times and the media edge's SDP (ms since the Unix epoch, the
   * platform's clock); the `platform.*` checks read it. Absent when the call did not go through
   * the platform.
   */
  platform?: PlatformLog;
  /** a soak's call: its 1-based slot, and which call of that slot it was (1-based) */
  soakSlot?: number;
  soakCall?: number;
}

/**
 * What a summary leaves out of a call: the bulky evidence — per-second samples, the final
 * getStats snapshot, the relay's per-second ground truth, the transform comparison, the logs,
 * the payload (each submission attempt keeps its status and response, not its body), the
 * platform log (bodies and SDP, a few kB) and the passed checks (counted). A 10-s soak call is
 * ~40 kB in full, ~1.4 kB as a summary.
 */
export const SUMMARY_OMITS = ['samples', 'finalStats', 'legs', 'transforms', 'console', 'payload', 'machine', 'platform'] as const;

/**
 * A call as a long soak's results.json lists it: everything that identifies the call and its
 * verdict, its failed checks, and every metric's value, computed from the full call when it
 * ended. The full call stays in its record file. See harness/metrics/summarizeCall.ts for
 * which calls a run keeps in full.
 */
export type CallSummary = Omit<CallResult, (typeof SUMMARY_OMITS)[number]> & {
  summarized: {
    /** the full CallResult, path relative to the run directory (e.g. `soak/calls/s001-c0042.json`) */
    record: string;
    /** every metric's value (metrics/metrics.ts) computed from the full call; absent = the call has none */
    metrics: Partial<Record<MetricName, number>>;
    /** how many checks did not fail (`ok`, those without a verdict included); `checks` lists only the ones that failed */
    passedChecks: number;
  };
};

/** A call in results.json: in full, or (in a long soak) summarized. */
export type CallEntry = CallResult | CallSummary;

export function isSummarized(call: CallEntry): call is CallSummary {
  return 'summarized' in call && call.summarized !== null && typeof call.summarized === 'object';
}

/** Which part of a run a run directory holds (`run --shard I/N`). */
export interface RunShard {
  /** 1-based part number, 1..total */
  index: number;
  /** how many parts the run was split into, 1..64 */
  total: number;
}

/** Where a merged run came from (`callsoak merge`). */
export interface RunMerge {
  /** the shards merged, by index */
  shards: { index: number; total: number; runId: string; status: RunStatus; calls: number; dir: string }[];
  /** indices of shards 1..total that were not given; their calls are listed as failed */
  missingShards: number[];
}

/** @typeParam Call what `calls` holds: a `run` lists every call in full (`RunResults<CallResult>`) */
export interface RunResults<Call extends CallEntry = CallEntry> {
  schemaVersion: 1;
  run: {
    id: string;
    /** ISO 8601 */
    startedAt: string;
    finishedAt: string;
    seed: number;
    status: RunStatus;
    browser: { name: string; version: string };
    harnessVersion?: string;
    /** present when this run directory holds one shard of a run (`run --shard I/N`) */
    shard?: RunShard;
    /** present when this run directory was written by `callsoak merge` */
    merged?: RunMerge;
    /** present when the business was the team's own integration (`--business external`) */
    business?: ExternalRunBusiness;
  };
  /** every call in full, except in a soak of more than 50 calls (harness/metrics/summarizeCall.ts) */
  calls: Call[];
  /** `calls` counts every planned call: passed + failed + skipped (absent in older results: 0) */
  /** skipped = without a verdict (not started, cut off); notApplicable = skipped with the reason (an external business cannot run the scenario) */
  summary: { calls: number; passed: number; failed: number; skipped?: number; notApplicable?: number };
  /** present when the run is a soak (`callsoak soak`): resource series and run-level soak checks */
  soak?: SoakResults;
}
