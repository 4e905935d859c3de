/**
 * Checks a message's shape before the agent acts on it (runs in the page). A careful client
 * validates what arrives from its server: a malformed message is a client error with a
 * reason, not an exception from deep inside a WebRTC call.
 */
const string = (v: unknown) => typeof v === 'string';

const number = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** What arrives in a peer: from the platform (consumer) or from the business's own server (console). */
const MESSAGE_SHAPES: Record<string, (m: Record<string, unknown>) => string | undefined> = {
  'edge-answer': (m) => (!string(m.sdp) ? 'sdp must be a string' : undefined),
  incoming: (m) => (!string(m.from) ? 'from must be a string' : undefined),
  'call-ended': (m) => (!string(m.status) ? 'status must be a string' : undefined),
  'incoming-call': (m) =>
    m.from !== null && !string(m.from) ? 'from must be a string or null' : m.version !== null && !number(m.version) ? 'version must be a number or null' : !number(m.receivedAtMs) ? 'receivedAtMs must be a number' : undefined,
  accepted: (m) => (!string(m.answer) ? 'answer must be a string' : m.renegotiation !== undefined && !string(m.renegotiation) ? 'renegotiation must be a string' : undefined),
  connected: (m) => (!string(m.answer) ? 'answer must be a string' : !string(m.platformCallId) ? 'platformCallId must be a string' : undefined),
  'call-status': (m) => (!string(m.status) ? 'status must be a string' : undefined),
  'media-update': (m) => (!string(m.sdp) ? 'sdp must be a string' : !number(m.version) ? 'version must be a number' : undefined),
  terminated: (m) => (!string(m.status) ? 'status must be a string' : !number(m.receivedAtMs) ? 'receivedAtMs must be a number' : undefined),
  'request-done': (m) => (!string(m.action) ? 'action must be a string' : !number(m.atMs) ? 'atMs must be a number' : undefined),
  'request-failed': (m) => (!string(m.action) ? 'action must be a string' : !string(m.message) ? 'message must be a string' : undefined),
};

/** @returns what is wrong with the envelope, or undefined when it is well-formed */
export function signalProblem(envelope: unknown): string | undefined {
  const e = envelope as { callId?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return 'envelope must be an object';
  if (!string(e.callId)) return 'callId must be a string';
  const message = e.message as Record<string, unknown> | null;
  if (!message || typeof message !== 'object') return 'message must be an object';
  const shape = MESSAGE_SHAPES[String(message.type)];
  if (!shape) return `unknown message type ${JSON.stringify(message.type)}`;
  return shape(message);
}
