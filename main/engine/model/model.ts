/**
 * The whole network of one Longshot model: tokenizer + caption encoder (`text.*`), the DiT
 * generator (`generator.*`) and the memory encoder phi (`memory.*`), built from one ModelConfig
 * and one seed. Weights are addressed by the stable dotted names of params(); the flow module
 * (../flow) owns noise, loss and sampling, and the training loop owns optimizer and schedule.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CaptionEncoder, disposeCaption, type CaptionEncoding } from './caption-encoder';
import { validateConfig, type ModelConfig } from './config';
import { Generator, type Conditioning } from './generator';
import { createMemoryEncoder, type MemoryEncoder, type MemoryEncoding } from './memory/encoder';
import { Module, ParamScope } from './params';
import { Tokenizer } from './tokenizer';

/** Checks the config before any weight is allocated. */
function rootScope(config: ModelConfig, seed: number): ParamScope {
  validateConfig(config);
  return new ParamScope(seed);
}

/** Text encoder, generator and memory encoder of one config. */
export class VideoModel extends Module {
  readonly tokenizer: Tokenizer;
  readonly captionEncoder: CaptionEncoder;
  readonly generator: Generator;
  readonly memory: MemoryEncoder;

  constructor(readonly config: ModelConfig, seed: number) {
    super(rootScope(config, seed));
    const { video, text, generator, memory } = config;
    this.tokenizer = new Tokenizer(text.vocab, text.maxLength);
    this.captionEncoder = new CaptionEncoder(this.scope.child('text'), text, generator.width);
    this.generator = new Generator(this.scope.child('generator'), video, generator, Math.round(memory.historySeconds * video.fps));
    this.memory = createMemoryEncoder(this.scope.child('memory'), {
      video, memory, modelWidth: generator.width, rope: this.generator.ropeBases, patchEmbed: this.generator.patchEmbed,
    });
  }

  /** Tokenizes and encodes captions; where keep[i] is false sample i gets the null caption. */
  encodeCaptions(captions: readonly string[], keep?: readonly boolean[]): CaptionEncoding {
    const ids = tf.tensor2d(this.tokenizer.encodeBatch(captions), [captions.length, this.config.text.maxLength], 'int32');
    try {
      return this.captionEncoder.encode(ids, keep);
    } finally {
      ids.dispose();
    }
  }

  /** The null caption for `batch` samples (unconditional guidance pass). */
  nullCaptions(batch: number): CaptionEncoding {
    return this.captionEncoder.encodeNull(batch);
  }

  /** phi(history): history [B, T, H, W, C] with one time index per frame. */
  encodeMemory(history: tf.Tensor5D, historyTimes: readonly number[]): MemoryEncoding {
    return this.memory.encode(history, historyTimes);
  }

  /** G's prediction of the clean targets: x_t [B, Tt, H, W, C], t [B] -> x0 [B, Tt, H, W, C]. */
  predictX0(xt: tf.Tensor5D, t: tf.Tensor1D, cond: Conditioning): tf.Tensor5D {
    return this.generator.predictX0(xt, t, cond);
  }
}

/** Disposes every tensor of a conditioning (caption, memory tokens, window frames). */
export function disposeConditioning(cond: Conditioning): void {
  disposeCaption(cond.caption);
  cond.memory.tokens.dispose();
  cond.window?.frames.dispose();
}
