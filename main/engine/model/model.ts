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

  /**
   * The prediction of the clean targets: x_t [B, Tt, H, W, C], t [B] -> x0 [B, Tt, H, W, C]. G's
   * output itself, or with the flow config's skip connection c_skip(t) x_t + c_out(t) G (FlowConfig.skipDataStd).
   */
  predictX0(xt: tf.Tensor5D, t: tf.Tensor1D, cond: Conditioning): tf.Tensor5D {
    const s = this.config.flow.skipDataStd;
    if (s === undefined) return this.generator.predictX0(xt, t, cond);
    return tf.tidy(() => {
      const out = this.generator.predictX0(xt, t, cond);
      const tb = tf.reshape(t, [t.shape[0], 1, 1, 1, 1]); // [B, 1, 1, 1, 1]
      const signal = tf.mul(tf.sub(1, tb), s); // (1 - t) s
      const norm = tf.add(tf.square(signal), tf.square(tb)); // (1 - t)^2 s^2 + t^2
      const cSkip = tf.div(tf.mul(signal, s), norm);
      const cOut = tf.div(tb, tf.sqrt(norm));
      return tf.add(tf.mul(cSkip, xt), tf.mul(cOut, out)) as tf.Tensor5D;
    });
  }
}

/** Disposes every tensor of a conditioning (caption, memory tokens, window frames). */
export function disposeConditioning(cond: Conditioning): void {
  disposeCaption(cond.caption);
  cond.memory.tokens.dispose();
  cond.window?.frames.dispose();
}
