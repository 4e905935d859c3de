/**
 * The SDP offer a business sent in a `/calls` request body (accept, connect, media_update): JSON
 * `{ session: { sdp } }`, or form fields whose `session` value is JSON. Pure.
 */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The offer's SDP text, or undefined when the body carries none. */
export function offerInRequestBody(body: string): string | undefined {
  const read = (value: unknown): string | undefined => {
    const session = typeof value === 'string' ? safeJson(value) : value;
    const sdp = (session as { sdp?: unknown } | undefined)?.sdp;
    return typeof sdp === 'string' ? sdp : undefined;
  };
  const json = safeJson(body);
  if (json !== null && typeof json === 'object') return read((json as { session?: unknown }).session);
  return read(new URLSearchParams(body).get('session') ?? undefined);
}
