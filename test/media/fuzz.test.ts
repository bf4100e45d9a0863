/**
 * A seeded mutation fuzzer over tiny seed videos (reliability.md: "a few hundred cases per CI
 * run: no crash, no hang past the timeout"). Each case flips bits, truncates, duplicates or
 * zeroes a chunk of a seed, then decodes it (decodeToFrames probes first). Every case must end as
 * success or a MediaError, inside its deadline, with no ffmpeg left and no partial file. A
 * failure names the case's seed, so it replays with `FUZZ_SEED=<seed> FUZZ_CASES=1`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToFrames } from '../../main/media/decode';
import { MediaError } from '../../main/media/errors';
import { childProcesses, ffmpegPath, ffmpegSync, leftovers, prng, tempDir } from './helpers';

const CASES = Number(process.env.FUZZ_CASES ?? 240);
const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 1);
const PROBE_TIMEOUT_MS = 4_000;
const DECODE_TIMEOUT_MS = 6_000;

const temp = tempDir('fuzz');
const at = (name: string): string => join(temp.dir, name);
const seeds: { name: string; bytes: Buffer }[] = [];

/** Names the mutation and applies it to a copy of `input`. */
function mutate(input: Buffer, random: () => number): { kind: string; bytes: Buffer } {
  const pick = (n: number): number => Math.floor(random() * n);
  const bytes = Buffer.from(input);
  const kind = ['bitflip', 'truncate', 'duplicate', 'zero'][pick(4)] as string;
  switch (kind) {
    case 'bitflip': {
      const flips = 1 + pick(32);
      for (let i = 0; i < flips; i += 1) {
        const index = pick(bytes.length);
        bytes[index] = (bytes[index] as number) ^ (1 << pick(8));
      }
      return { kind, bytes };
    }
    case 'truncate':
      return { kind, bytes: bytes.subarray(0, pick(bytes.length)) };
    case 'duplicate': {
      const start = pick(bytes.length);
      const chunk = bytes.subarray(start, start + 1 + pick(2048));
      const to = pick(bytes.length);
      return { kind, bytes: Buffer.concat([bytes.subarray(0, to), chunk, bytes.subarray(to)]) };
    }
    default: {
      const start = pick(bytes.length);
      bytes.fill(0, start, start + 1 + pick(512));
      return { kind, bytes };
    }
  }
}

beforeAll(async () => {
  const ffmpeg = await ffmpegPath();
  const src = ['-f', 'lavfi', '-i', 'testsrc2=size=48x32:rate=10', '-t', '1'];
  ffmpegSync(ffmpeg, [...src, '-c:v', 'libx264', '-preset', 'ultrafast', '-movflags', '+faststart', at('seed.mp4')]);
  ffmpegSync(ffmpeg, [...src, '-c:v', 'mpeg4', at('seed.mkv')]);
  ffmpegSync(ffmpeg, [...src, '-c:v', 'mjpeg', at('seed.avi')]);
  for (const name of ['seed.mp4', 'seed.mkv', 'seed.avi']) seeds.push({ name, bytes: readFileSync(at(name)) });
});
afterAll(() => temp.remove());

describe('mutation fuzzer', () => {
  it(`survives ${CASES} mutated videos`, async () => {
    const problems: string[] = [];
    const tally: Record<string, number> = {};
    for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed += 1) {
      const random = prng(seed);
      const source = seeds[seed % seeds.length] as { name: string; bytes: Buffer };
      const { kind, bytes } = mutate(source.bytes, random);
      const file = at(`case-${source.name}`);
      writeFileSync(file, bytes);
      const out = at('case.frames');
      const started = performance.now();
      let outcome: string;
      try {
        // decodeToFrames probes first, so one call exercises both.
        const result = await decodeToFrames(file, {
          out, width: 32, height: 32, fps: 5, fit: 'letterbox', maxSeconds: 2, timeoutMs: DECODE_TIMEOUT_MS,
          limits: { probeTimeoutMs: PROBE_TIMEOUT_MS },
        });
        outcome = result.frames.frameCount > 0 ? 'accepted' : 'empty-accept';
      } catch (error) {
        if (!(error instanceof MediaError)) {
          problems.push(`seed ${seed} (${kind}): untyped ${String(error)}`);
          continue;
        }
        outcome = error.code;
      }
      tally[outcome] = (tally[outcome] ?? 0) + 1;
      const ms = performance.now() - started;
      if (outcome === 'timeout' || ms > PROBE_TIMEOUT_MS * 2 + DECODE_TIMEOUT_MS) problems.push(`seed ${seed} (${kind}): ${outcome} after ${Math.round(ms)} ms`);
      if (outcome === 'empty-accept') problems.push(`seed ${seed} (${kind}): accepted with no frames`);
      const running = childProcesses();
      if (running.length > 0) problems.push(`seed ${seed} (${kind}): children left ${JSON.stringify(running)}`);
      const left = leftovers(temp.dir);
      if (left.length > 0) problems.push(`seed ${seed} (${kind}): left ${left.join(', ')}`);
      rmSync(out, { force: true });
    }
    console.log(`fuzz outcomes: ${JSON.stringify(tally)}`);
    expect(problems).toEqual([]);
    // The fuzzer must exercise both paths, or it tests nothing.
    expect(tally.accepted ?? 0).toBeGreaterThan(CASES / 10);
    expect(CASES - (tally.accepted ?? 0)).toBeGreaterThan(CASES / 10);
  }, 180_000);
});
