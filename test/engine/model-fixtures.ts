/**
 * Shared set-up of the model, flow and preset tests: backend selection, the self-test's micro
 * config (16x16 frames, D = 32: a training step takes milliseconds) and synthetic video.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../main/engine/backend';

export { selfTestConfig as microConfig } from '../../main/engine/selftest';

/** Starts the engine on `name` (wasm with its kernel overrides), as the app does. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  await initEngine({ backend: name });
}

/** Deterministic video [B, T, H, W, C] in [-1, 1]: moving colour waves, different per sample. */
export function syntheticVideo(batch: number, frames: number, height: number, width: number): tf.Tensor5D {
  const data = new Float32Array(batch * frames * height * width * 3);
  let i = 0;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < frames; t++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < 3; c++) data[i++] = Math.sin((0.7 * x * (c + 1)) / width + (0.9 * y) / height + 0.5 * t + 1.3 * b + c);
        }
      }
    }
  }
  return tf.tensor5d(data, [batch, frames, height, width, 3]);
}
