/**
 * What a scenario writes to make the emulated platform misbehave for one call: the one source
 * of the PlatformFaultPlan type, its validation and its help text (README.md prints the same
 * table). A plan is set per call (`platform.setFaults(callId, plan)`), for the next call
 * (`setNextCallFaults`) or for a consumer's permission replies (`setPermissionFaults`).
 *
 * Rules match by the `/calls` action or the webhook event, and pick the nth match of that call
 * (1-based, default the 1st), so "fail the first accept, let the retry through" is one rule.
 */
import { Type, type Static } from '@sinclair/typebox';
import { literalUnion } from '../schema/literalUnion.ts';
import { schemaErrors } from '../schema/schemaErrors.ts';
import { ACTIONS } from './platformRequestSchemas.ts';

/** The longest a `hang` holds a request before closing its socket, ms (30 s: a client's patience is shorter). */
export const MAX_HANG_MS = 30_000;
/** Gap between the two copies of a `duplicate` webhook when `ms` is not given, ms. */
export const DEFAULT_DUPLICATE_GAP_MS = 5;

export const REQUEST_FAULTS = ['fail', 'hang', 'delay', 'corrupt', 'corrupt-sdp'] as const;
export type RequestFaultKind = (typeof REQUEST_FAULTS)[number];
export const WEBHOOK_EVENTS = ['connect', 'terminate', 'call_status', 'media_update', 'call_permission_reply'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_FAULTS = ['duplicate', 'delay', 'fail-attempts', 'forge', 'status'] as const;
export type WebhookFaultKind = (typeof WEBHOOK_FAULTS)[number];

/** One line per fault, for help text and the README. */
export const PLATFORM_FAULT_HELP: Record<RequestFaultKind | WebhookFaultKind, string> = {
  fail: 'request: answer HTTP `status` (default 500) with a Graph error envelope; the call state does not change',
  hang: `request: never answer; the socket is closed after \`ms\` (default and at most ${MAX_HANG_MS} ms) or when the client gives up`,
  delay: 'request: wait `ms`, then handle normally. webhook: hold it back `ms`, so later webhooks overtake it',
  corrupt: 'request: the state changes as normal, but the 200 answer is not a valid Graph answer (`session` without `sdp_response`; no `success`)',
  'corrupt-sdp': "request: the state changes as normal, and the 200 answer's SDP carries a DTLS fingerprint that is not hex: the business cannot apply it",
  duplicate: 'webhook: deliver the same bytes and signature twice, `ms` apart (default 5)',
  'fail-attempts': 'webhook: the first `attempts` delivery attempts are not sent (recorded as failed, error "fault: …"); the retry schedule goes on',
  forge: 'webhook: also send a copy signed with a wrong secret, before the real one; the business must ignore it',
  status: 'webhook (terminate only): write `status` (any string, e.g. an unknown vendor status) instead of Completed/Failed',
};

const nth = Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000, description: 'which matching request/webhook of the call, 1-based; default 1' }));

export const RequestFaultSchema = Type.Object(
  {
    /** the `/calls` action the rule matches */
    action: literalUnion(ACTIONS, { description: 'the /calls action matched' }),
    /** which matching request of the call, 1-based; default 1 */
    nth,
    /** what happens to it (PLATFORM_FAULT_HELP) */
    do: literalUnion(REQUEST_FAULTS, { description: 'fail, hang, delay, corrupt or corrupt-sdp' }),
    /** fail: HTTP status, 400..599; default 500 */
    status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'fail: HTTP status; default 500' })),
    /** delay: wait before handling, ms (required); hang: hold before closing, ms, default and at most 30 000 */
    ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000, description: 'delay: ms (required); hang: ms before the socket closes, ≤ 30000' })),
  },
  { additionalProperties: false },
);

export const WebhookFaultSchema = Type.Object(
  {
    /** the webhook event the rule matches */
    event: literalUnion(WEBHOOK_EVENTS, { description: 'the webhook event matched' }),
    /** which matching webhook of the call, 1-based; default 1 */
    nth,
    /** what happens to it (PLATFORM_FAULT_HELP) */
    do: literalUnion(WEBHOOK_FAULTS, { description: 'duplicate, delay, fail-attempts, forge or status' }),
    /** delay: hold back, ms (required); duplicate: gap between the copies, ms, default 5 */
    ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, description: 'delay: ms (required); duplicate: gap, ms; default 5' })),
    /** fail-attempts: how many attempts are not sent, ≥ 1 (required) */
    attempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'fail-attempts: attempts not sent (required)' })),
    /** status: the terminate webhook's `status` (required) */
    status: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "status: the terminate webhook's status text (required)" })),
  },
  { additionalProperties: false },
);

export const PlatformFaultPlanSchema = Type.Object(
  {
    /** faults on the business's `/calls` requests about the call */
    requests: Type.Optional(Type.Array(RequestFaultSchema, { maxItems: 50, description: 'faults on /calls requests, by action' })),
    /** faults on the webhooks about the call */
    webhooks: Type.Optional(Type.Array(WebhookFaultSchema, { maxItems: 50, description: 'faults on webhooks, by event' })),
  },
  { additionalProperties: false },
);

export type RequestFault = Static<typeof RequestFaultSchema>;
export type WebhookFault = Static<typeof WebhookFaultSchema>;
/** A platform fault plan (every field optional; `{}` = no faults). */
export type PlatformFaultPlan = Static<typeof PlatformFaultPlanSchema>;

/** Which optional field each fault needs, and which it may take. */
const REQUEST_FIELDS: Record<RequestFaultKind, { needs: string[]; takes: string[] }> = {
  fail: { needs: [], takes: ['status'] },
  hang: { needs: [], takes: ['ms'] },
  delay: { needs: ['ms'], takes: ['ms'] },
  corrupt: { needs: [], takes: [] },
  'corrupt-sdp': { needs: [], takes: [] },
};
const WEBHOOK_FIELDS: Record<WebhookFaultKind, { needs: string[]; takes: string[] }> = {
  duplicate: { needs: [], takes: ['ms'] },
  delay: { needs: ['ms'], takes: ['ms'] },
  'fail-attempts': { needs: ['attempts'], takes: ['attempts'] },
  forge: { needs: [], takes: [] },
  status: { needs: ['status'], takes: ['status'] },
};

function fieldErrors(rule: Record<string, unknown>, at: string, fields: { needs: string[]; takes: string[] }, optional: string[]): string[] {
  const errors: string[] = [];
  for (const f of fields.needs) if (rule[f] === undefined) errors.push(`${at}.${f} is required when do is ${JSON.stringify(rule.do)}`);
  for (const f of optional) if (rule[f] !== undefined && !fields.takes.includes(f)) errors.push(`${at}.${f} is not used when do is ${JSON.stringify(rule.do)}`);
  return errors;
}

/**
 * Validates a platform fault plan: the schema, then what depends on `do` (a field it needs, a
 * field it ignores, `hang` over 30 s, `status` on anything but terminate).
 * @param prefix field path used in messages, e.g. `platform.faults`
 */
export function parsePlatformFaultPlan(value: unknown, prefix = 'faults'): { ok: true; plan: PlatformFaultPlan } | { ok: false; errors: string[] } {
  const errors = schemaErrors(PlatformFaultPlanSchema, value, prefix);
  if (errors.length > 0) return { ok: false, errors };
  const plan = value as PlatformFaultPlan;
  (plan.requests ?? []).forEach((rule, i) => {
    const at = `${prefix}.requests[${i}]`;
    errors.push(...fieldErrors(rule, at, REQUEST_FIELDS[rule.do], ['status', 'ms']));
    if (rule.do === 'hang' && (rule.ms ?? 0) > MAX_HANG_MS) errors.push(`${at}.ms must be ≤ ${MAX_HANG_MS} for hang, got ${rule.ms}`);
  });
  (plan.webhooks ?? []).forEach((rule, i) => {
    const at = `${prefix}.webhooks[${i}]`;
    errors.push(...fieldErrors(rule, at, WEBHOOK_FIELDS[rule.do], ['ms', 'attempts', 'status']));
    if (rule.do === 'status' && rule.event !== 'terminate') errors.push(`${at}.do "status" applies to event "terminate" only, got ${JSON.stringify(rule.event)}`);
  });
  return errors.length === 0 ? { ok: true, plan } : { ok: false, errors };
}

/** Help text: the fields of a rule and one line per fault. */
export function platformFaultPlanHelp(): string {
  const lines = ['Platform fault plan: { requests?: [rule], webhooks?: [rule] }', 'Request rule fields:'];
  for (const [name, schema] of Object.entries(RequestFaultSchema.properties)) lines.push(`  ${name.padEnd(10)} ${(schema as { description?: string }).description ?? ''}`);
  lines.push('Webhook rule fields:');
  for (const [name, schema] of Object.entries(WebhookFaultSchema.properties)) lines.push(`  ${name.padEnd(10)} ${(schema as { description?: string }).description ?? ''}`);
  lines.push('Faults:');
  for (const [kind, text] of Object.entries(PLATFORM_FAULT_HELP)) lines.push(`  ${kind.padEnd(14)} ${text}`);
  return lines.join('\n');
}
