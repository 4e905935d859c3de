/** Pure type; the page, a Node peer and the node-side checks read getStats reports through it. */

/** Anything iterable like an RTCStatsReport: a real report and a `Map<string, object>` both fit. */
export interface StatsReportLike {
  // `any`: getStats reports are untyped dictionaries whose members vary by type and browser
  forEach(cb: (report: any) => void): void;
}
