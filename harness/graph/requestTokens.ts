/**
 * Where a Graph API request carries its access token: the `access_token` query parameter, the
 * Authorization header (`Bearer` or `OAuth` scheme) or, read by each server itself, the body.
 * Shared by the embedded endpoint and the emulated platform. Pure.
 */

/** An access token found in the request. */
export interface TokenFinding {
  value: string;
  source: 'query' | 'body' | 'header';
}

/** Tokens from the query string and the Authorization header; a header in another scheme counts as an empty token. */
export function tokensOutsideBody(query: URLSearchParams, authorization: string | undefined): TokenFinding[] {
  const found: TokenFinding[] = [];
  const q = query.get('access_token');
  if (q !== null) found.push({ value: q, source: 'query' });
  const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (m) found.push({ value: m[1] as string, source: 'header' });
  else if (authorization) found.push({ value: '', source: 'header' });
  return found;
}
