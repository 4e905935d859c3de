/**
 * Long-term credential mechanism (RFC 5389 §10.2, RFC 8656 §5): registered users and
 * stateless nonces. A nonce encodes its issue time and an HMAC over it with a per-process
 * secret, so the server keeps no per-nonce state and can tell a stale nonce (438) from a
 * forged one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { longTermKey } from './stunIntegrity.ts';

/** which side of a call a peer is */
export type Role = 'consumer' | 'business';

/** a registered TURN user and the call leg its allocations belong to */
export interface TurnUser {
  username: string;
  password: string;
  /** MD5(username:realm:password), computed once */
  key: Buffer;
  /** call the user's allocations are attributed to */
  callId: string;
  role: Role;
  /**
   * when true, every allocation made with these credentials becomes its own call leg
   * (`<callId>-<n>`), for the standalone relay where all clients share one user; default false
   */
  legPerAllocation: boolean;
}

export class CredentialStore {
  private readonly users = new Map<string, TurnUser>();
  private readonly secret: Buffer;

  constructor(
    /** realm every user belongs to */
    readonly realm: string,
    /** how long a nonce stays valid, ms; default 10 minutes */
    private readonly nonceLifetimeMs = 600_000,
    secret?: Buffer,
  ) {
    this.secret = secret ?? randomBytes(16);
  }

  add(user: Omit<TurnUser, 'key'>): TurnUser {
    const full: TurnUser = { ...user, key: longTermKey(user.username, this.realm, user.password) };
    this.users.set(user.username, full);
    return full;
  }

  get(username: string): TurnUser | undefined {
    return this.users.get(username);
  }

  remove(username: string): void {
    this.users.delete(username);
  }

  /** every user attributed to `callId` */
  usersOfCall(callId: string): TurnUser[] {
    return [...this.users.values()].filter((user) => user.callId === callId);
  }

  /** a fresh nonce issued at `nowMs` */
  issueNonce(nowMs: number): string {
    const issued = Math.max(0, Math.floor(nowMs)).toString(16);
    return `${issued}.${this.sign(issued)}`;
  }

  /** 'ok', or 'stale' (expired or not one of ours: both earn 438 with a fresh nonce) */
  checkNonce(nonce: string, nowMs: number): 'ok' | 'stale' {
    const dot = nonce.indexOf('.');
    if (dot <= 0) return 'stale';
    const issued = nonce.slice(0, dot);
    if (nonce.slice(dot + 1) !== this.sign(issued)) return 'stale';
    const issuedMs = Number.parseInt(issued, 16);
    if (!Number.isFinite(issuedMs) || nowMs - issuedMs > this.nonceLifetimeMs || issuedMs > nowMs + 1000) return 'stale';
    return 'ok';
  }

  private sign(text: string): string {
    return createHmac('sha1', this.secret).update(text).digest('hex').slice(0, 20);
  }
}
