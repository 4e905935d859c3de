/**
 * Call permissions of one Page, per consumer (PSID), as a pure book: permission requests
 * (`calling_optin` messages, limited per rolling window), the consumer's answer, and the
 * permission's expiry. Time comes in as `nowMs` (ms since the Unix epoch) on every call.
 */
export interface PermissionOptions {
  /** how long an approval lasts, ms; default 7 days [D] */
  permissionTtlMs?: number;
  /** permission requests allowed per consumer per window; default 2 [D] */
  requestLimit?: number;
  /** the rolling window of that limit, ms; default 24 h [D] */
  requestWindowMs?: number;
}

export const DEFAULT_PERMISSION_TTL_MS = 7 * 24 * 3600_000;
export const DEFAULT_REQUEST_LIMIT = 2;
export const DEFAULT_REQUEST_WINDOW_MS = 24 * 3600_000;

interface Entry {
  /** permission valid until (exclusive), ms; null = none */
  expiresAtMs: number | null;
  /** times of requests inside the window, ms */
  requests: number[];
  /** a request the consumer has not answered yet */
  pending: boolean;
}

/** GET messenger_call_permissions' documented shape [PERM]. */
export interface PermissionView {
  permission: { status: 'has_permission' | 'no_permission'; expiration_time?: number };
  actions: [
    { action_name: 'send_call_permission_request'; can_perform: boolean; limits: [{ time_period: 'PT24H'; max_allowed: number; current_usage: number }] },
    { action_name: 'start_call'; can_perform: boolean },
  ];
}

export class PermissionBook {
  readonly #entries = new Map<string, Entry>();
  readonly #ttl: number;
  readonly #limit: number;
  readonly #window: number;

  constructor(opts: PermissionOptions = {}) {
    this.#ttl = opts.permissionTtlMs ?? DEFAULT_PERMISSION_TTL_MS;
    this.#limit = opts.requestLimit ?? DEFAULT_REQUEST_LIMIT;
    this.#window = opts.requestWindowMs ?? DEFAULT_REQUEST_WINDOW_MS;
  }

  #entry(psid: string, nowMs: number): Entry {
    let e = this.#entries.get(psid);
    if (!e) {
      e = { expiresAtMs: null, requests: [], pending: false };
      this.#entries.set(psid, e);
    }
    e.requests = e.requests.filter((t) => t > nowMs - this.#window);
    if (e.expiresAtMs !== null && e.expiresAtMs <= nowMs) e.expiresAtMs = null;
    return e;
  }

  has(psid: string, nowMs: number): boolean {
    return this.#entry(psid, nowMs).expiresAtMs !== null;
  }

  view(psid: string, nowMs: number): PermissionView {
    const e = this.#entry(psid, nowMs);
    const has = e.expiresAtMs !== null;
    return {
      permission: has ? { status: 'has_permission', expiration_time: Math.floor((e.expiresAtMs as number) / 1000) } : { status: 'no_permission' },
      actions: [
        { action_name: 'send_call_permission_request', can_perform: e.requests.length < this.#limit, limits: [{ time_period: 'PT24H', max_allowed: this.#limit, current_usage: e.requests.length }] },
        { action_name: 'start_call', can_perform: has },
      ],
    };
  }

  /** The business sends a `calling_optin` request; false when the limit is reached. */
  request(psid: string, nowMs: number): boolean {
    const e = this.#entry(psid, nowMs);
    if (e.requests.length >= this.#limit) return false;
    e.requests.push(nowMs);
    e.pending = true;
    return true;
  }

  /** Whether a request awaits the consumer's answer. */
  pending(psid: string, nowMs: number): boolean {
    return this.#entry(psid, nowMs).pending;
  }

  /**
   * The consumer answers the pending request. Returns the new expiry (ms) on approve, null on
   * reject; throws when nothing was asked (a harness mistake, not a platform error).
   */
  answer(psid: string, approve: boolean, nowMs: number): number | null {
    const e = this.#entry(psid, nowMs);
    if (!e.pending) throw new Error(`consumer ${psid} has no pending call permission request to answer`);
    e.pending = false;
    if (!approve) return null;
    e.expiresAtMs = nowMs + this.#ttl;
    return e.expiresAtMs;
  }

  /** Implicit grant [D]: after a fully connected call, or a consumer call the business missed. */
  grant(psid: string, nowMs: number): number {
    const e = this.#entry(psid, nowMs);
    e.expiresAtMs = nowMs + this.#ttl;
    return e.expiresAtMs;
  }
}
