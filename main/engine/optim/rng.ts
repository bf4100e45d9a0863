/**
 * A seeded random number generator whose whole state is four 32-bit words, so it can be saved in
 * state.json and a resumed training run draws exactly the numbers the uninterrupted run would
 * have. The generator is xoshiro128** (Blackman and Vigna), seeded through splitmix32 so that
 * nearby seeds give unrelated streams. It feeds data sampling and the seeds of tfjs random ops.
 */
import { OptimError } from './errors';

/** The JSON form of a generator's state. */
export interface RngState {
  algorithm: 'xoshiro128**';
  words: [number, number, number, number];
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
const TWO_POW_32 = 2 ** 32;

/** A deterministic generator; copy its state with getState, continue it with fromState. */
export class Rng {
  private constructor(private a: number, private b: number, private c: number, private d: number) {}

  /** A generator for an integer seed; one seed always gives one stream. */
  static fromSeed(seed: number): Rng {
    if (!Number.isSafeInteger(seed)) throw new OptimError('invalid_option', `seed must be an integer, got ${seed}`);
    // splitmix32 over the seed's low half, mixed with its high half
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) >>> 0, 0x85ebca6b);
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    const words = [next(), next(), next(), next()] as const;
    // xoshiro's one forbidden state is all zeros.
    return new Rng(words.every((w) => w === 0) ? 1 : words[0], words[1], words[2], words[3]);
  }

  /** Continues from a state saved by getState; refuses anything else. */
  static fromState(state: unknown): Rng {
    const { algorithm, words } = (state ?? {}) as Partial<RngState>;
    const valid = algorithm === 'xoshiro128**' && Array.isArray(words) && words.length === 4
      && words.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32) && words.some((w) => w !== 0);
    if (!valid) throw new OptimError('state_mismatch', `not a saved xoshiro128** state: ${JSON.stringify(state)}`);
    return new Rng(...(words as RngState['words']));
  }

  /** The state as plain JSON. */
  getState(): RngState {
    return { algorithm: 'xoshiro128**', words: [this.a, this.b, this.c, this.d] };
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c = (this.c ^ this.a) >>> 0;
    this.d = (this.d ^ this.b) >>> 0;
    this.b = (this.b ^ this.c) >>> 0;
    this.a = (this.a ^ this.d) >>> 0;
    this.c = (this.c ^ t) >>> 0;
    this.d = rotl(this.d, 11) >>> 0;
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0 && n <= TWO_POW_32)) throw new OptimError('invalid_option', `int(n) needs 1 <= n <= 2^32, got ${n}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal (Box-Muller; the second value is not cached, so the state stays four words). */
  normal(): number {
    const u1 = (this.nextUint32() + 1) / TWO_POW_32;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A seed for a tfjs random op (tf.randomNormal(shape, 0, 1, 'float32', seed)). */
  seed(): number {
    return this.nextUint32();
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}
