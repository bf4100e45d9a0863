/**
 * Seeded randomness for everything in main/data: Storyworld scripts, dataset splits and clip
 * sampling. Math.random is never used, so one seed always gives the same bytes. The generator is
 * xoshiro128** (small state that can be saved and restored exactly, good statistical quality),
 * seeded through a splitmix32-style mixer.
 */

/** The four 32-bit words of an Rng's state, as saved in a sampler cursor. */
export type RngState = readonly [number, number, number, number];

/** Scrambles one 32-bit word into a well-mixed 32-bit word (splitmix32 finaliser). */
function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * Derives an independent 32-bit seed from a seed and labels, e.g. `deriveSeed(7, 'video', 3)`.
 * Labels keep streams apart: the script of video 3 never shares numbers with its place layouts.
 * Seeds above 2^32 (up to 2^53) are folded in whole, not truncated.
 */
export function deriveSeed(seed: number, ...labels: readonly (string | number)[]): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  let h = mix32((seed % 0x100000000) ^ mix32(Math.floor(seed / 0x100000000)));
  for (const label of labels) {
    const text = typeof label === 'number' ? `#${label}` : label;
    for (let i = 0; i < text.length; i++) h = mix32(h ^ text.charCodeAt(i));
    h = mix32(h ^ 0x2f);
  }
  return h;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** A seeded pseudo-random generator (xoshiro128**). */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    const base = deriveSeed(seed);
    this.s0 = mix32(base);
    this.s1 = mix32(this.s0 ^ 0x1234567);
    this.s2 = mix32(this.s1 ^ 0x89abcdef);
    this.s3 = mix32(this.s2 ^ 0x2545f491);
  }

  /** Rebuilds a generator at exactly the point where `state()` was taken. */
  static fromState(state: RngState): Rng {
    if (state.every((word) => word === 0)) throw new RangeError('an all-zero xoshiro state never leaves zero');
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state.map((word) => word >>> 0) as [number, number, number, number];
    return rng;
  }

  /** The current state; `Rng.fromState` continues the same sequence from here. */
  state(): RngState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** The next uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextU32() / 0x100000000;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [0, n), without modulo bias (n at most 2^32). */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError(`below(n) needs 1 <= n <= 2^32, got ${n}`);
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.below(items.length)] as T;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/** A stateless hash of integers to [0, 1), for per-pixel and per-frame effects (twinkling
 * stars, falling snow) that must not consume a generator's sequence, so any frame can be drawn
 * on its own. */
export function hashUnit(a: number, b: number, c = 0): number {
  return mix32(mix32(mix32(a) ^ b) ^ c) / 0x100000000;
}
