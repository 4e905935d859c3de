/**
 * Recognises `/<PAGE_ID>/call_metrics` and `/vNN.N/<PAGE_ID>/call_metrics` (a trailing slash
 * is tolerated, as Graph does).
 */
const PATH = /^\/(?:(v\d+\.\d+)\/)?([^/]+)\/call_metrics\/?$/;

export interface CallMetricsPath {
  /** e.g. 'v19.0'; null for the unversioned path */
  version: string | null;
  /** the page id as written in the path (percent-decoded) */
  pageId: string;
}

/** @returns the parts, or null when `pathname` is not a call_metrics path */
export function matchCallMetricsPath(pathname: string): CallMetricsPath | null {
  const m = PATH.exec(pathname);
  if (!m) return null;
  let pageId = m[2] as string;
  try {
    pageId = decodeURIComponent(pageId);
  } catch {
    // keep the raw text: it will simply not match the page id
  }
  return { version: m[1] ?? null, pageId };
}
