/**
 * The one error every Graph client call throws: what failed, in a form the business can act on
 * without reading text. A Graph error envelope keeps its fields (`code`, `error_subcode`,
 * `is_transient`, `fbtrace_id`); a failure with no envelope (timeout, refused connection, an
 * answer that is not the documented shape) says which it was. A failed `/calls` request carries
 * the end reason the business reports for the call: the call could not be signalled.
 */

export type GraphFailure =
  /** Graph answered with an error envelope */
  | 'graph_error'
  /** a non-2xx answer with no Graph envelope */
  | 'http_status'
  /** 2xx with `success` not true */
  | 'unsuccessful'
  /** no answer within the request timeout */
  | 'timeout'
  /** the connection failed or was reset */
  | 'network'
  /** a 2xx answer that is not the documented shape (or lacks what the operation needs) */
  | 'invalid_reply';

/** The Graph operations the client makes. */
export type GraphOperation = 'accept' | 'reject' | 'terminate' | 'connect' | 'media_update' | 'call_permissions' | 'request_call_permission';

const CALLS_OPERATIONS: readonly GraphOperation[] = ['accept', 'reject', 'terminate', 'connect', 'media_update'];

export interface GraphRequestErrorFields {
  operation: GraphOperation;
  failure: GraphFailure;
  message: string;
  /** HTTP status; 0 = no answer */
  status: number;
  code?: number;
  subcode?: number;
  /** the envelope's is_transient, or the client's reading (throttling codes, 5xx) */
  isTransient: boolean;
  fbtraceId?: string;
  /** attempts made, the first included */
  attempts: number;
}

export class GraphRequestError extends Error implements GraphRequestErrorFields {
  readonly operation: GraphOperation;
  readonly failure: GraphFailure;
  readonly status: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly isTransient: boolean;
  readonly fbtraceId?: string;
  readonly attempts: number;
  /** `Signaling_Message_Failed` for a failed `/calls` request: the end reason the business reports */
  readonly endCallReason?: 'Signaling_Message_Failed';

  constructor(fields: GraphRequestErrorFields) {
    const codes = fields.code === undefined ? '' : ` (code ${fields.code}${fields.subcode === undefined ? '' : `/${fields.subcode}`})`;
    super(`${fields.operation}: ${fields.failure}${codes}: ${fields.message}${fields.attempts > 1 ? ` after ${fields.attempts} attempts` : ''}`);
    this.name = 'GraphRequestError';
    this.operation = fields.operation;
    this.failure = fields.failure;
    this.status = fields.status;
    if (fields.code !== undefined) this.code = fields.code;
    if (fields.subcode !== undefined) this.subcode = fields.subcode;
    this.isTransient = fields.isTransient;
    if (fields.fbtraceId !== undefined) this.fbtraceId = fields.fbtraceId;
    this.attempts = fields.attempts;
    if (CALLS_OPERATIONS.includes(fields.operation)) this.endCallReason = 'Signaling_Message_Failed';
  }
}
