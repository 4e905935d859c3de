/**
 * The one schema of the Graph client's input: the replies of `/calls`, `/messenger_call_permissions`,
 * `/messages` and Graph's error envelope, with what the docs leave two ways read both ways:
 *  - `sdp_response` / `sdp_renegotiation`: bare string or `{sdp_type, sdp}` (sessionDescription.ts);
 *  - connect's call id: `id` (initiate-call page) or `call_id` (reference);
 *  - permissions: `{permission, actions}` with `can_perform` / `max_allowed` (the page), or the
 *    reference's `data[]` wrapper, upper-case status, `can_perform_action` / `max_allowed_per_user`.
 * Unknown fields are allowed: the platform may add some.
 */
import { Type, type Static } from '@sinclair/typebox';
import { SessionDescriptionFieldSchema } from './sessionDescription.ts';

export const GraphErrorEnvelopeSchema = Type.Object({
  error: Type.Object({
    message: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    code: Type.Optional(Type.Integer()),
    error_subcode: Type.Optional(Type.Integer()),
    is_transient: Type.Optional(Type.Boolean()),
    fbtrace_id: Type.Optional(Type.String()),
    error_user_msg: Type.Optional(Type.String()),
    error_user_title: Type.Optional(Type.String()),
  }),
});
export type GraphErrorEnvelope = Static<typeof GraphErrorEnvelopeSchema>;

export const CallsReplySchema = Type.Object({
  success: Type.Boolean(),
  id: Type.Optional(Type.String({ minLength: 1 })),
  call_id: Type.Optional(Type.String({ minLength: 1 })),
  session: Type.Optional(
    Type.Object({
      sdp_response: Type.Optional(Type.Union([SessionDescriptionFieldSchema, Type.Null()])),
      sdp_renegotiation: Type.Optional(Type.Union([SessionDescriptionFieldSchema, Type.Null()])),
    }),
  ),
});
export type CallsReply = Static<typeof CallsReplySchema>;

const PermissionStatusSchema = Type.String({ pattern: '^(has_permission|no_permission|HAS_PERMISSION|NO_PERMISSION)$', expected: '"has_permission" or "no_permission" (either case)' });

const LimitSchema = Type.Object({
  time_period: Type.Optional(Type.String()),
  max_allowed: Type.Optional(Type.Integer()),
  max_allowed_per_user: Type.Optional(Type.Integer()),
  current_usage: Type.Optional(Type.Integer()),
});

const ActionSchema = Type.Object({
  action_name: Type.String({ minLength: 1 }),
  can_perform: Type.Optional(Type.Boolean()),
  can_perform_action: Type.Optional(Type.Boolean()),
  limits: Type.Optional(Type.Array(LimitSchema)),
});

const PermissionsBodySchema = Type.Object({
  permission: Type.Object({ status: PermissionStatusSchema, expiration_time: Type.Optional(Type.Integer()) }),
  actions: Type.Optional(Type.Array(ActionSchema)),
});
export type PermissionsBody = Static<typeof PermissionsBodySchema>;

export const PermissionsReplySchema = Type.Union([PermissionsBodySchema, Type.Object({ data: Type.Array(PermissionsBodySchema, { minItems: 1 }) })]);
export type PermissionsReply = Static<typeof PermissionsReplySchema>;

export const MessagesReplySchema = Type.Object({
  recipient_id: Type.Optional(Type.String()),
  recipient: Type.Optional(Type.Object({ id: Type.String() })),
  message_id: Type.String({ minLength: 1 }),
});
export type MessagesReply = Static<typeof MessagesReplySchema>;
