/**
 * Checks a signaling envelope's shape before the agent acts on it (runs in the page).
 * A careful client validates what arrives: a malformed message is a client error with a
 * reason, not an exception from deep inside a WebRTC call.
 */
const string = (v: unknown) => typeof v === 'string';

const MESSAGE_SHAPES: Record<string, (m: Record<string, unknown>) => string | undefined> = {
  offer: (m) => (!string(m.sdp) ? 'sdp must be a string' : typeof m.version !== 'number' ? 'version must be a number' : undefined),
  answer: (m) => (!string(m.sdp) ? 'sdp must be a string' : undefined),
  'answer-ack': () => undefined,
  candidate: (m) =>
    m.candidate === null || (typeof m.candidate === 'object' && string((m.candidate as { candidate?: unknown }).candidate))
      ? undefined
      : 'candidate must be null or an object with a string candidate',
  reject: (m) => (!string(m.reason) ? 'reason must be a string' : undefined),
  bye: (m) => (!string(m.code) ? 'code must be a string' : undefined),
  'peer-gone': (m) => (!string(m.detail) ? 'detail must be a string' : undefined),
  'platform-error': (m) => (!string(m.detail) ? 'detail must be a string' : undefined),
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
