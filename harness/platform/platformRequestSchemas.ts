/**
 * The request bodies the platform reads, one TypeBox schema each, checked through the project's
 * one formatter (`harness/schema/schemaErrors.ts`) so a bad field is named as everywhere else.
 * Unknown fields are ignored, as Graph ignores them. Where the documents disagree, both readings
 * pass: `session` as `{sdp_type, sdp}` or a bare SDP string, `call_id` or `id`, enum values in
 * any case (README.md, "Disagreements").
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { schemaErrors } from '../schema/schemaErrors.ts';

const anyCase = (...words: string[]) => Type.String({ pattern: `^(?:${words.map((w) => [...w].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('')).join('|')})$`, expected: `one of ${words.join(', ')} (any case)` });
const nonEmpty = Type.String({ minLength: 1 });
const version = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^\\d+$' })]);

export const SessionSchema = Type.Union([nonEmpty, Type.Object({ sdp_type: anyCase('offer'), sdp: nonEmpty })]);

export const ACTIONS = ['accept', 'reject', 'terminate', 'connect', 'media_update'] as const;
export type CallAction = (typeof ACTIONS)[number];

export const CallsBaseSchema = Type.Object({ action: anyCase(...ACTIONS), platform: Type.Optional(anyCase('messenger')) });
export const AcceptSchema = Type.Object({ call_id: nonEmpty, session: SessionSchema });
export const CallIdSchema = Type.Object({ call_id: nonEmpty });
export const ConnectSchema = Type.Object({ to: nonEmpty, session: SessionSchema });
export const MediaUpdateSchema = Type.Object({
  call_id: nonEmpty,
  from_version: version,
  to_version: version,
  tracks: Type.Optional(Type.Array(Type.Object({ msid: Type.String(), label: anyCase('default_audio', 'default_video', 'screen_audio', 'screen_video'), status: anyCase('enabled', 'disabled') }), { maxItems: 4 })),
  session: SessionSchema,
});
export const MessagesSchema = Type.Object({
  recipient: Type.Object({ id: nonEmpty }),
  message: Type.Object({ attachment: Type.Object({ type: anyCase('template'), payload: Type.Object({ template_type: anyCase('calling_optin') }) }) }),
});
export const SubscriptionSchema = Type.Object({
  object: anyCase('page'),
  callback_url: nonEmpty,
  verify_token: Type.String(),
  fields: Type.Union([nonEmpty, Type.Array(nonEmpty, { minItems: 1 })]),
});

export type Session = Static<typeof SessionSchema>;

/** The SDP text of a session in either form. */
export function sessionSdp(session: Session): string {
  return typeof session === 'string' ? session : session.sdp;
}

/** Errors of `value` against `schema` (sentences naming the field), [] when valid. */
export function bodyErrors(schema: TSchema, value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['the request body must be a JSON object'];
  return schemaErrors(schema, value);
}

/** Reads `call_id`, or `id` when only that is given (both names appear in the documents). */
export function withCallId(value: Record<string, unknown>): Record<string, unknown> {
  return value.call_id === undefined && typeof value.id === 'string' ? { ...value, call_id: value.id } : value;
}
