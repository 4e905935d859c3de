/**
 * The one schema of the webhook receiver's input: a Page webhook delivery carrying calling
 * events (`entry[].calls[]`) and permission replies. Validation is two-step so each mistake is
 * named against the event it belongs to: the envelope first, then each `calls[]` item against the
 * schema its `event` selects (`entry[0].calls[1].session.version must be …`).
 *
 * Readings of what the docs leave open (README.md, "What the docs leave open"):
 *  - the permission reply may sit directly in `entry[]` (as documented) or inside `entry[].messaging[]`
 *    (as other Messenger webhooks are wrapped); both are read;
 *  - a terminate's "empty" duration and times may be omitted, null, '' or 0: all read as absent;
 *  - `session.version` is an integer in one page and a string in another: both, read as an integer;
 *  - an unknown `event` is skipped and recorded, not refused: the platform may add events.
 * Unknown fields are allowed everywhere for the same reason.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { literalUnion } from '../schema/literalUnion.ts';
import { schemaErrors } from '../schema/schemaErrors.ts';
import type { BusinessEvent } from './businessEvent.ts';
import { SessionDescriptionFieldSchema, readSessionDescription } from './sessionDescription.ts';

const Id = Type.String({ minLength: 1 });
/** Unix seconds */
const Seconds = Type.Integer({ minimum: 0 });
/** the docs' "empty": omitted, null, '' or a number */
const MaybeSeconds = Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null(), Type.Literal('')]));

const CallItemBaseSchema = Type.Object({ id: Id, event: Type.String({ minLength: 1 }), timestamp: Seconds });

export const CALL_EVENT_NAMES = ['connect', 'terminate', 'call_status', 'media_update'] as const;
export type CallEventName = (typeof CALL_EVENT_NAMES)[number];

const CALL_ITEM_SCHEMAS = {
  connect: Type.Object({
    id: Id,
    event: Type.Literal('connect'),
    timestamp: Seconds,
    from: Type.Optional(Id),
    to: Type.Optional(Id),
    call_direction: Type.Optional(Type.String()),
    /** not documented for connect; the emulated platform may name the consumer app's session version here */
    session: Type.Optional(Type.Object({ version: Type.Optional(Type.Integer({ minimum: 0 })) })),
  }),
  terminate: Type.Object({
    id: Id,
    event: Type.Literal('terminate'),
    timestamp: Seconds,
    // Completed and Failed are documented; any other text is passed on for the client to judge (Unknown)
    status: Type.String({ minLength: 1, maxLength: 100 }),
    start_time: MaybeSeconds,
    end_time: MaybeSeconds,
    duration: MaybeSeconds,
  }),
  call_status: Type.Object({
    id: Id,
    event: Type.Literal('call_status'),
    timestamp: Seconds,
    recipient_id: Type.Optional(Id),
    call_status: literalUnion(['ringing', 'accepted']),
  }),
  media_update: Type.Object({
    id: Id,
    event: Type.Literal('media_update'),
    timestamp: Seconds,
    session: Type.Object({
      version: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]{1,15}$' })]),
      sdp_renegotiation: SessionDescriptionFieldSchema,
    }),
  }),
} satisfies Record<CallEventName, TSchema>;

export const PermissionReplySchema = Type.Object({
  sender: Type.Object({ id: Id }),
  recipient: Type.Object({ id: Id }),
  timestamp: Seconds,
  call_permission_reply: Type.Object({ response: literalUnion(['approve', 'reject']), expiration_timestamp: Type.Optional(Seconds) }),
});

const EntrySchema = Type.Object({
  id: Type.Optional(Id),
  time: Type.Optional(Type.Integer({ minimum: 0 })),
  calls: Type.Optional(Type.Array(CallItemBaseSchema)),
  messaging: Type.Optional(Type.Array(Type.Object({}))),
  call_permission_reply: Type.Optional(Type.Object({})),
});

export const WebhookEnvelopeSchema = Type.Object({ object: Type.Literal('page'), entry: Type.Array(EntrySchema, { minItems: 1 }) });
export type WebhookEnvelope = Static<typeof WebhookEnvelopeSchema>;

/** An event in a delivery, or an item the receiver skipped (unknown event, invalid item). */
export type PayloadItem = { kind: 'event'; event: BusinessEvent } | { kind: 'skipped'; what: string; reason: 'unknown_event' | 'invalid' };

export interface ParsedPayload {
  items: PayloadItem[];
  /** every schema problem, one sentence each (schemaErrors' wording); [] when all is well */
  problems: string[];
}

const absent = (v: number | null | '' | undefined): number | undefined => (typeof v === 'number' && v > 0 ? v : undefined);

function callEvent(item: Record<string, unknown>, pageId: string, deliverySeq: number): BusinessEvent {
  const base = { callId: String(item.id), pageId, timestamp: Number(item.timestamp), deliverySeq };
  switch (item.event as CallEventName) {
    case 'connect': {
      const c = item as Static<(typeof CALL_ITEM_SCHEMAS)['connect']>;
      return { kind: 'connect', ...base, ...(c.from ? { from: c.from } : {}), ...(c.to ? { to: c.to } : {}), ...(c.call_direction ? { direction: c.call_direction } : {}), ...(c.session?.version !== undefined ? { version: c.session.version } : {}) };
    }
    case 'terminate': {
      const t = item as Static<(typeof CALL_ITEM_SCHEMAS)['terminate']>;
      const startTime = absent(t.start_time);
      const endTime = absent(t.end_time);
      const durationSec = absent(t.duration);
      return {
        kind: 'terminate',
        ...base,
        status: t.status,
        ...(startTime === undefined ? {} : { startTime }),
        ...(endTime === undefined ? {} : { endTime }),
        ...(durationSec === undefined ? {} : { durationSec }),
      };
    }
    case 'call_status': {
      const s = item as Static<(typeof CALL_ITEM_SCHEMAS)['call_status']>;
      return { kind: 'call_status', ...base, status: s.call_status, ...(s.recipient_id ? { recipientId: s.recipient_id } : {}) };
    }
    case 'media_update': {
      const m = item as Static<(typeof CALL_ITEM_SCHEMAS)['media_update']>;
      return { kind: 'media_update', ...base, version: Number(m.session.version), offer: readSessionDescription(m.session.sdp_renegotiation, 'offer') };
    }
  }
}

function permissionEvent(value: unknown, path: string, deliverySeq: number, problems: string[]): PayloadItem {
  const errors = schemaErrors(PermissionReplySchema, value, path);
  if (errors.length > 0) {
    problems.push(...errors);
    return { kind: 'skipped', what: path, reason: 'invalid' };
  }
  const r = value as Static<typeof PermissionReplySchema>;
  const exp = r.call_permission_reply.expiration_timestamp;
  return {
    kind: 'event',
    event: {
      kind: 'call_permission_reply',
      psid: r.sender.id,
      pageId: r.recipient.id,
      timestamp: r.timestamp,
      response: r.call_permission_reply.response,
      ...(exp === undefined ? {} : { expirationTimestamp: exp }),
      deliverySeq,
    },
  };
}

/**
 * @param value the delivery's body, parsed JSON
 * @param deliverySeq stamped on every event
 */
export function parseWebhookPayload(value: unknown, deliverySeq: number): ParsedPayload {
  const problems = schemaErrors(WebhookEnvelopeSchema, value);
  if (problems.length > 0) return { items: [], problems };
  const envelope = value as WebhookEnvelope;
  const items: PayloadItem[] = [];
  envelope.entry.forEach((entry, e) => {
    const at = `entry[${e}]`;
    (entry.calls ?? []).forEach((call, c) => {
      const path = `${at}.calls[${c}]`;
      const schema = (CALL_ITEM_SCHEMAS as Record<string, TSchema>)[call.event];
      if (!schema) {
        items.push({ kind: 'skipped', what: `${path} (${call.event})`, reason: 'unknown_event' });
        return;
      }
      const errors = schemaErrors(schema, call, path);
      if (errors.length > 0) {
        problems.push(...errors);
        items.push({ kind: 'skipped', what: path, reason: 'invalid' });
        return;
      }
      items.push({ kind: 'event', event: callEvent(call as Record<string, unknown>, entry.id ?? '', deliverySeq) });
    });
    if (entry.call_permission_reply !== undefined) items.push(permissionEvent(entry, at, deliverySeq, problems));
    (entry.messaging ?? []).forEach((m, i) => {
      if ((m as Record<string, unknown>).call_permission_reply !== undefined) items.push(permissionEvent(m, `${at}.messaging[${i}]`, deliverySeq, problems));
    });
  });
  return { items, problems };
}
