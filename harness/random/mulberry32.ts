/**
 * A small seeded PRNG (Mulberry32): 32-bit state, uniform floats in [0, 1).
 * Pure, no node imports, so the page and the node side draw identical sequences.
 * Not cryptographic — used for reproducible test conditions only.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}
