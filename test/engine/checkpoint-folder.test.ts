import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignWeights } from '../../main/engine/checkpoint/assign';
import type { WriteFn } from '../../main/engine/checkpoint/atomic';
import { CheckpointError } from '../../main/engine/checkpoint/errors';
import {
  disposeCheckpoint, loadCheckpoint, saveCheckpoint, type CheckpointContents,
} from '../../main/engine/checkpoint/folder';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'longshot-ckpt-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const architecture = { width: 8, depth: 2, heads: 2, rates: ['4x4x2'] };

function contents(seed: number): CheckpointContents {
  return {
    config: { preset: 'tiny', architecture, vocabulary: ['<pad>', 'cat'], trainingData: { clips: 10 }, metrics: { psnr: 12.5 } },
    weights: new Map([
      ['embed.weight', tf.randomNormal([16, 8], 0, 1, 'float32', seed)],
      ['blocks.0.scale', tf.randomNormal([8], 0, 1, 'float32', seed + 1)],
    ]),
    optimizer: new Map([['adamw.step', tf.scalar(3, 'int32')]]),
    state: { step: 3, rng: { s: [1, 2, 3, 4] }, cursor: { clip: 5 } },
  };
}

function dispose(c: CheckpointContents): void {
  for (const t of [...c.weights.values(), ...(c.optimizer?.values() ?? [])]) t.dispose();
}

function caught(fn: () => unknown): CheckpointError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error('expected a CheckpointError');
}

/** Saves a fresh checkpoint and returns its folder. */
async function saved(name: string, seed = 1): Promise<string> {
  const c = contents(seed);
  const dir = join(root, name);
  await saveCheckpoint(dir, c);
  dispose(c);
  return dir;
}

/** A write that stores `limit` bytes in all, then fails like a full disk (a short write, then ENOSPC). */
function diskFillingAfter(limit: number): WriteFn {
  let written = 0;
  return (fd, buffer, offset, length, position) => {
    const room = limit - written;
    if (room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const n = writeSync(fd, buffer, offset, Math.min(length, room), position);
    written += n;
    return n;
  };
}

describe('checkpoint folders', () => {
  it('saves and loads config, weights, optimizer state and loop state exactly, without leaks', async () => {
    const before = tf.memory().numTensors;
    const c = contents(1);
    const dir = join(root, 'roundtrip');
    await saveCheckpoint(dir, c);
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'manifest.json', 'model.safetensors', 'optimizer.safetensors', 'state.json']);
    const loaded = loadCheckpoint(dir, { expectConfig: { preset: 'tiny', architecture } });
    expect(loaded.config).toEqual({ formatVersion: 1, ...c.config });
    expect(loaded.state).toEqual(c.state);
    for (const [name, t] of c.weights) expect(loaded.weights.get(name)?.dataSync()).toEqual(t.dataSync());
    expect(loaded.optimizer?.get('adamw.step')?.dataSync()).toEqual(new Int32Array([3]));
    disposeCheckpoint(loaded);
    dispose(c);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a folder without a manifest (torn write)', async () => {
    const dir = await saved('no-manifest');
    rmSync(join(dir, 'manifest.json'));
    const error = caught(() => loadCheckpoint(dir));
    expect(error.code).toBe('torn');
    expect(error.message).toMatch(/has no manifest\.json.*torn/);
  });

  it('refuses a truncated file and names it', async () => {
    const dir = await saved('truncated');
    truncateSync(join(dir, 'model.safetensors'), 100);
    const error = caught(() => loadCheckpoint(dir));
    expect(error.code).toBe('torn');
    expect(error.file).toBe(join(dir, 'model.safetensors'));
    expect(error.message).toMatch(/model\.safetensors is 100 bytes but the manifest records \d+/);
  });

  it('refuses a file with one byte flipped and names it', async () => {
    const dir = await saved('flipped');
    const path = join(dir, 'optimizer.safetensors');
    const bytes = readFileSync(path);
    bytes.writeUInt8((bytes.at(-1) as number) ^ 0x01, bytes.length - 1);
    writeFileSync(path, bytes);
    const error = caught(() => loadCheckpoint(dir));
    expect(error.code).toBe('tampered');
    expect(error.message).toContain(`${path} does not match its sha256`);
  });

  it('refuses a missing folder, a missing listed file and a newer format', async () => {
    expect(caught(() => loadCheckpoint(join(root, 'nowhere'))).code).toBe('not_found');
    const dir = await saved('missing-file');
    rmSync(join(dir, 'state.json'));
    expect(caught(() => loadCheckpoint(dir)).message).toMatch(/state\.json is missing but the manifest lists it/);
    const newer = await saved('newer');
    const manifest = JSON.parse(readFileSync(join(newer, 'manifest.json'), 'utf8')) as { formatVersion: number };
    writeFileSync(join(newer, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 2 }));
    expect(caught(() => loadCheckpoint(newer)).code).toBe('unsupported_version');
  });

  it('refuses state that JSON cannot store exactly', async () => {
    const c = contents(1);
    await expect(saveCheckpoint(join(root, 'nan'), { ...c, state: { loss: NaN } }))
      .rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/state\.loss is NaN/) as string });
    dispose(c);
    expect(existsSync(join(root, 'nan'))).toBe(false);
  });

  it('lists every config key that differs from the expected config', async () => {
    const dir = await saved('expect');
    const error = caught(() => loadCheckpoint(dir, { expectConfig: { preset: 'base', architecture: { ...architecture, depth: 4, rates: ['2x2x2'] } } }));
    expect(error.code).toBe('architecture_mismatch');
    expect(error.details).toEqual([
      'preset: checkpoint "tiny", model "base"',
      'architecture.depth: checkpoint 2, model 4',
      'architecture.rates[0]: checkpoint "4x4x2", model "2x2x2"',
    ]);
  });

  it('assigns weights by name, and explains an architecture mismatch without touching the model', async () => {
    const dir = await saved('assign', 5);
    const loaded = loadCheckpoint(dir);
    const params = new Map([
      ['embed.weight', tf.variable(tf.zeros([16, 8]))],
      ['blocks.0.scale', tf.variable(tf.zeros([8]))],
    ]);
    const before = tf.memory().numTensors;
    assignWeights(params, loaded, { architecture });
    expect(tf.memory().numTensors).toBe(before);
    expect(params.get('embed.weight')?.dataSync()).toEqual(loaded.weights.get('embed.weight')?.dataSync());

    const other = new Map([
      ['embed.weight', tf.variable(tf.zeros([16, 4]))],
      ['blocks.1.scale', tf.variable(tf.zeros([8]))],
      ['head.bias', tf.variable(tf.zeros([3]))],
    ]);
    const error = caught(() => assignWeights(other, loaded, { architecture: { ...architecture, width: 4 } }));
    expect(error.code).toBe('architecture_mismatch');
    expect(error.details).toEqual([
      'architecture.width: checkpoint 8, model 4',
      'missing from the checkpoint (2): blocks.1.scale, head.bias',
      'unexpected in the checkpoint (1): blocks.0.scale',
      'shape of embed.weight: checkpoint [16, 8], model [16, 4]',
    ]);
    expect(error.message).toContain('4 differences');
    expect([...(other.get('embed.weight')?.dataSync() ?? [])].every((v) => v === 0)).toBe(true);
    disposeCheckpoint(loaded);
    for (const v of [...params.values(), ...other.values()]) v.dispose();
  });

  it('keeps the previous checkpoint intact when the disk fills up during a save', async () => {
    const dir = await saved('disk-full', 1);
    const previous = readFileSync(join(dir, 'model.safetensors'));
    const c = contents(99);
    // config.json is about 300 bytes: the failure lands partway through model.safetensors.
    const save = saveCheckpoint(dir, c, { io: { write: diskFillingAfter(500) } });
    await expect(save).rejects.toMatchObject({ code: 'disk_full', message: expect.stringMatching(/could not save checkpoint .*disk-full, which is left as it was: disk full while writing .*model\.safetensors/) as string });
    dispose(c);
    expect(readFileSync(join(dir, 'model.safetensors'))).toEqual(previous);
    const loaded = loadCheckpoint(dir);
    disposeCheckpoint(loaded);
    expect(readdirSync(root).filter((name) => name.includes('disk-full') && name !== 'disk-full')).toEqual([]);
  });

  it('replaces an existing checkpoint whole', async () => {
    const dir = await saved('replace', 1);
    const c = contents(2);
    await saveCheckpoint(dir, { ...c, optimizer: undefined, state: undefined });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'manifest.json', 'model.safetensors']);
    const loaded = loadCheckpoint(dir);
    expect(loaded.weights.get('blocks.0.scale')?.dataSync()).toEqual(c.weights.get('blocks.0.scale')?.dataSync());
    expect(loaded.optimizer).toBeUndefined();
    disposeCheckpoint(loaded);
    dispose(c);
    expect(readdirSync(root).filter((name) => name.startsWith('.replace'))).toEqual([]);
  });
});
