/**
 * mulberry32: a small, fast generator of uniform numbers in [0, 1) from a seed. Math.random cannot be seeded,
 * and the demo workspace, the seeded test series and the fuzzed files must be the same on every run.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
