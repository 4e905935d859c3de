/**
 * Counter-based random numbers: a uniform value is a hash of (stream seed, position, salt),
 * with no hidden state. A decision about the packet at position N of a flow is therefore the
 * same whatever other flows did before it and however the flows interleaved.
 */

/** 32-bit integer finaliser (xor-shift-multiply), a bijection with good avalanche */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** combines a seed with more integers into a new 32-bit seed */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = mix32((seed >>> 0) ^ 0x5bd1e995);
  for (const part of parts) h = mix32((h + Math.imul(part | 0, 0x9e3779b1)) >>> 0);
  return h;
}

/** FNV-1a over the UTF-16 code units of `text`, then mixed: a seed part from a string such as a call id */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h >>> 0);
}

/** uniform in [0, 1) for (stream, position, salt); position may be any safe integer */
export function uniformAt(stream: number, position: number, salt: number): number {
  const low = position | 0;
  const high = Math.floor(position / 4294967296) | 0;
  let h = mix32((stream ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0);
  h = mix32((h ^ low) >>> 0);
  h = mix32((h + Math.imul(high, 0xc2b2ae35) + 0x27d4eb2f) >>> 0);
  return h / 4294967296;
}

/** salts that keep the decisions about one packet independent of each other */
export const Salt = {
  loss: 1,
  geTransition: 2,
  duplicate: 3,
  reorder: 4,
  jitterA: 5,
  jitterB: 6,
  control: 7,
} as const;
