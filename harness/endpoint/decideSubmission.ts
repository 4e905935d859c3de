/**
 * The endpoint's verdict on one POST to call_metrics, once the body is read: token, page id,
 * payload, then the business rules. Pure apart from the registry it is given; the order of the
 * checks is the order of the README's table.
 */
import { validatePayload, type PayloadIssue, type PayloadVariant } from '../contract/validatePayload.ts';
import type { CallRegistry } from './callRegistry.ts';
import { graphErrors, type GraphError } from '../graph/graphErrors.ts';
import type { ParsedBody } from '../graph/parseRequestBody.ts';
import type { TokenFinding } from '../graph/requestTokens.ts';


/** Submissions are accepted until this long after the call ended, ms (24 hours). */
export const SUBMISSION_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How far in the future call_ended_time may lie (clock skew), ms; 5 minutes. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;

export interface SubmissionContext {
  expectedPageId: string;
  accessToken: string;
  calls: CallRegistry;
  /** ms since the Unix epoch */
  nowMs: number;
  /** how long after a call's end its metrics are accepted, ms; default SUBMISSION_WINDOW_MS (24 h). Shorter for tests */
  windowMs?: number;
}

export interface SubmissionVerdict {
  /** null = accepted */
  error: GraphError | null;
  token: 'valid' | 'invalid' | 'missing' | 'not_checked';
  tokenSource: TokenFinding['source'] | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Issues of the variant the body comes closest to; [] when it is valid under either. */
export function payloadIssues(payload: unknown): { issues: PayloadIssue[]; variant: PayloadVariant } {
  const table = validatePayload(payload, 'table');
  if (table.length === 0) return { issues: [], variant: 'table' };
  const example = validatePayload(payload, 'example');
  if (example.length === 0) return { issues: [], variant: 'example' };
  return example.length < table.length ? { issues: example, variant: 'example' } : { issues: table, variant: 'table' };
}

export function decideSubmission(
  pageId: string,
  outside: TokenFinding[],
  body: ParsedBody,
  ctx: SubmissionContext,
): SubmissionVerdict {
  const wrong = outside.find((t) => t.value !== ctx.accessToken);
  if (wrong) return { error: graphErrors.tokenInvalid(wrong.source), token: 'invalid', tokenSource: wrong.source };
  if (!body.ok) {
    return { error: body.error, token: outside.length > 0 ? 'valid' : 'not_checked', tokenSource: outside[0]?.source ?? null };
  }
  const params = body.params;
  const tokens = [...outside];
  if (isObject(params) && params.access_token !== undefined) tokens.push({ value: String(params.access_token), source: 'body' });
  const first = tokens[0];
  if (!first) return { error: graphErrors.tokenMissing(), token: 'missing', tokenSource: null };
  const bad = tokens.find((t) => t.value !== ctx.accessToken);
  if (bad) return { error: graphErrors.tokenInvalid(bad.source), token: 'invalid', tokenSource: bad.source };
  const ok = { token: 'valid', tokenSource: first.source } as const;

  if (pageId !== ctx.expectedPageId) return { error: graphErrors.pageNotFound(pageId), ...ok };

  const { issues, variant } = payloadIssues(params);
  if (issues.length > 0) {
    const words = variant === 'table' ? 'the field table' : "the documentation's example";
    return { error: graphErrors.invalidPayload(issues.map((i) => i.message), words), ...ok };
  }
  const payload = params as { call_id: string; call_ended_time: number };
  return { error: businessError(payload.call_id, payload.call_ended_time, ctx), ...ok };
}

function businessError(callId: string, callEndedTime: number, ctx: SubmissionContext): GraphError | null {
  const state = ctx.calls.get(callId);
  if (!state) return graphErrors.callIdUnknown(callId);
  if (state.endedAtMs === null) return graphErrors.callInProgress(callId);
  if (state.acceptedSeq !== null) return graphErrors.alreadySubmitted(callId);
  const windowMs = ctx.windowMs ?? SUBMISSION_WINDOW_MS;
  const sinceEnd = ctx.nowMs - state.endedAtMs;
  if (sinceEnd > windowMs) {
    return graphErrors.outsideWindow(`the call ended ${(sinceEnd / 3_600_000).toFixed(1)} hours ago`);
  }
  const endedMs = callEndedTime * 1000;
  const shown = `call_ended_time ${callEndedTime} (${new Date(endedMs).toISOString()})`;
  if (endedMs < ctx.nowMs - windowMs) return graphErrors.outsideWindow(`${shown} is more than ${windowMs / 3_600_000} hours ago`);
  if (endedMs > ctx.nowMs + FUTURE_SKEW_MS) return graphErrors.outsideWindow(`${shown} is in the future`);
  return null;
}
