/**
 * How messages write a field's location: dotted (`audio_stats.jitter`) for ordinary keys, and
 * bracketed JSON strings for keys a dot would make ambiguous (`[""]`, `audio_stats["a.b"]`).
 * '' is the payload itself. Pure.
 */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$|^[0-9]+$/;

/** The path of member `key` inside the member at `parent`. */
export function joinPath(parent: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}
