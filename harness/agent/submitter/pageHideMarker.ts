/**
 * How a submitter marks the body it hands to the browser from within `pagehide` (sendBeacon or
 * a keepalive fetch): a query parameter, because a beacon can carry no header and the body's
 * bytes must stay those of the earlier attempts. The endpoint answers a marked request like any
 * other and its record keeps the query, so the submission checks can tell a page-hide hand-off,
 * answered "already submitted" when an attempt in flight was stored first, from a second
 * submission. No imports: it runs in the page, and the checks read it in node.
 */
export const PAGE_HIDE_MARKER = {
  /** the query parameter's name */
  param: 'callsoak_handoff',
  /** its value */
  value: 'pagehide',
} as const;

/** Whether a request's query (the record's `query`) carries the page-hide marker. */
export function hasPageHideMarker(query: Readonly<Record<string, string>>): boolean {
  return query[PAGE_HIDE_MARKER.param] === PAGE_HIDE_MARKER.value;
}
