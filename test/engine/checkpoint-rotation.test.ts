import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLatestValidCheckpoint, readLatestPointer, saveRotatingCheckpoint, type RotationOptions } from '../../main/engine/checkpoint/rotation';
import { stepFolderName } from '../../main/engine/checkpoint/step-folders';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'longshot-rotation-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const options: RotationOptions = { keepLast: 2, best: { metric: 'psnr', mode: 'max' } };

async function save(runDir: string, step: number, psnr: number, extra: Partial<RotationOptions> = {}): Promise<string> {
  const weight = tf.fill([4], step);
  try {
    return await saveRotatingCheckpoint(runDir, step, {
      config: { preset: 'tiny', architecture: { width: 4 }, metrics: { psnr } },
      weights: new Map([['w', weight]]),
      state: { step },
    }, { ...options, ...extra });
  } finally {
    weight.dispose();
  }
}

const folders = (runDir: string): string[] => readdirSync(runDir).filter((n) => n.startsWith('step-')).sort();

describe('checkpoint rotation', () => {
  it('keeps the last k plus the best, and points latest at the newest', async () => {
    const run = join(root, 'keep');
    const psnrs = [10, 30, 12, 15, 11, 14];
    for (const [i, psnr] of psnrs.entries()) await save(run, (i + 1) * 100, psnr);
    expect(folders(run)).toEqual(['step-000200', 'step-000500', 'step-000600']);
    expect(readLatestPointer(run)).toBe('step-000600');
    expect(stepFolderName(12_345_678)).toBe('step-12345678');
  });

  it('resumes from the newest checkpoint that verifies, skipping torn and altered ones', async () => {
    const run = join(root, 'find');
    for (const step of [1, 2, 3]) await save(run, step, step, { keepLast: 3 });
    const model3 = join(run, 'step-000003', 'model.safetensors');
    const bytes = readFileSync(model3);
    bytes.writeUInt8((bytes.at(-2) as number) ^ 0x80, bytes.length - 2);
    writeFileSync(model3, bytes);
    rmSync(join(run, 'step-000002', 'manifest.json'));
    const found = findLatestValidCheckpoint(run);
    expect(found?.step).toBe(1);
    expect(found?.skipped.map((s) => basename(s.dir))).toEqual(['step-000003', 'step-000002']);
    expect(found?.skipped[0]?.reason).toMatch(/sha256/);
    expect(found?.skipped[1]?.reason).toMatch(/no manifest\.json/);
    expect(findLatestValidCheckpoint(join(root, 'empty-run'))).toBeNull();
  });

  it('a full disk leaves earlier checkpoints and the pointer as they were', async () => {
    const run = join(root, 'full');
    await save(run, 1, 1);
    await save(run, 2, 2);
    const fullDisk = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    await expect(save(run, 3, 3, { io: { write: fullDisk } })).rejects.toMatchObject({ code: 'disk_full' });
    expect(readdirSync(run).sort()).toEqual(['latest', 'step-000001', 'step-000002']);
    expect(readLatestPointer(run)).toBe('step-000002');
    expect(findLatestValidCheckpoint(run)?.step).toBe(2);
  });

  it('removes folders left by crashed saves', async () => {
    const run = join(root, 'leftovers');
    await save(run, 1, 1);
    mkdirSync(join(run, '.step-000002.staging-99-abcd'));
    mkdirSync(join(run, '.step-000001.replaced-99-abcd'));
    mkdirSync(join(run, '.step-000007.replaced-99-abcd'));
    await save(run, 2, 2);
    expect(readdirSync(run).sort()).toEqual(['.step-000007.replaced-99-abcd', 'latest', 'step-000001', 'step-000002']);
    expect(existsSync(join(run, 'step-000002', 'manifest.json'))).toBe(true);
  });

  it('refuses keepLast below 1', async () => {
    await expect(save(join(root, 'bad'), 1, 1, { keepLast: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
