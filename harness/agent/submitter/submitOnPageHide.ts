/**
 * The last-chance send when the page is going away (runs in the page). `pagehide` is the one
 * event Chromium reliably fires before a tab closes or navigates; work started after it may
 * never run, so the body leaves synchronously here: `navigator.sendBeacon` (a string body goes
 * out as `text/plain;charset=UTF-8`, the token in the query string since a beacon carries no
 * headers), or a `keepalive` fetch when the beacon queue refuses it. Neither lets us read the
 * answer; the endpoint's record is what tells whether it arrived. The URL carries the page-hide
 * marker (pageHideMarker.ts), so the record tells this hand-off from a second submission.
 */
import { PAGE_HIDE_MARKER } from './pageHideMarker.ts';

/** Where the last-chance body goes. */
export interface LastChanceTarget {
  /** full call_metrics URL */
  url: string;
  accessToken: string;
}

export interface LastChanceDeps {
  /** default: navigator.sendBeacon when the page has it */
  sendBeacon?: (url: string, data: string) => boolean;
  /** default: the global fetch */
  fetch?: typeof fetch;
}

/** How the body left: `unavailable` = neither sendBeacon nor fetch exists. */
export type HandOff = 'beacon' | 'keepalive_fetch' | 'unavailable';

/** `url` with `access_token` and the page-hide marker set in its query string. */
export function handOffUrl(url: string, accessToken: string): string {
  const u = new URL(url);
  u.searchParams.set('access_token', accessToken);
  u.searchParams.set(PAGE_HIDE_MARKER.param, PAGE_HIDE_MARKER.value);
  return u.toString();
}

/**
 * Hands `bodyText` (the exact bytes the earlier attempts sent) to the browser so it is sent
 * even if the page is destroyed right after. Returns immediately.
 */
export function submitOnPageHide(bodyText: string, target: LastChanceTarget, deps: LastChanceDeps = {}): HandOff {
  const url = handOffUrl(target.url, target.accessToken);
  const beacon =
    deps.sendBeacon ??
    (typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function' ? (u: string, d: string) => navigator.sendBeacon(u, d) : undefined);
  if (beacon?.(url, bodyText)) return 'beacon';
  const doFetch = deps.fetch ?? (typeof fetch === 'function' ? fetch : undefined);
  if (!doFetch) return 'unavailable';
  // text/plain keeps it a simple request: no preflight, which a dying page may not live to finish.
  doFetch(url, { method: 'POST', body: bodyText, keepalive: true, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } }).catch(() => {
    // nobody is left to tell; the endpoint's record shows whether it arrived
  });
  return 'keepalive_fetch';
}

/** Subscribes to the page's `pagehide`; returns the unsubscribe. A no-op outside a page. */
export function onBrowserPageHide(listener: () => void): () => void {
  if (typeof addEventListener !== 'function') return () => {};
  const handler = (): void => listener();
  addEventListener('pagehide', handler);
  return () => removeEventListener('pagehide', handler);
}
