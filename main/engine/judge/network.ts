/**
 * The attribute judge: two small convolutional towers, one reading a whole frame (place kind),
 * one reading a character crop (shape, colour, pattern, and whether a whole character is
 * centred in the crop at all: the presence logit that locates characters in generated frames). It plays the part the paper gives a
 * vision-language model: an outside reader of generated frames whose verdicts become
 * consistency percentages. Stride-1 'same' 3x3 convolutions and 2x2 average pools only: on wasm
 * those are the convolutions whose gradients run through the fast forward kernel.
 * Layout: frames [N, H, W, 3] and crops [K, c, c, 3], RGB in [-1, 1]; logits [N, classes],
 * presence logits [K, 1].
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ModelError } from '../model/errors';
import { Linear, silu } from '../model/layers';
import { Module, ParamScope } from '../model/params';
import { CHARACTER_HEADS, validateJudgeConfig, type CharacterHead, type JudgeConfig } from './config';

/** 3x3 convolution with bias, SiLU, then a 2x2 average pool. */
class ConvStage extends Module {
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(scope: ParamScope, inChannels: number, outChannels: number) {
    super(scope);
    this.kernel = scope.variable('kernel', [3, 3, inChannels, outChannels], { kind: 'xavier', fanIn: 9 * inChannels, fanOut: 9 * outChannels });
    this.bias = scope.variable('bias', [outChannels], { kind: 'zeros' });
  }

  /** [N, S, S, Cin] -> [N, S/2, S/2, Cout]. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const convolved = tf.add(tf.conv2d(x, this.kernel as tf.Tensor4D, 1, 'same'), this.bias) as tf.Tensor4D; // [N, S, S, Cout]
      return tf.avgPool(silu(convolved) as tf.Tensor4D, 2, 2, 'valid'); // [N, S/2, S/2, Cout]
    });
  }
}

/** Conv stages, flatten, one hidden layer: an image of side `size` -> a feature vector. */
class Tower extends Module {
  private readonly stages: ConvStage[];
  private readonly hidden: Linear;
  private readonly flat: number;

  constructor(scope: ParamScope, readonly size: number, channels: readonly number[], hidden: number) {
    super(scope);
    let inChannels = 3;
    this.stages = channels.map((out, i) => {
      const stage = new ConvStage(scope.child(`conv${i}`), inChannels, out);
      inChannels = out;
      return stage;
    });
    const side = size / 2 ** channels.length;
    this.flat = side * side * inChannels;
    this.hidden = new Linear(scope.child('hidden'), this.flat, hidden);
  }

  /** [N, size, size, 3] -> [N, hidden]. */
  apply(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let x = images;
      for (const stage of this.stages) x = stage.apply(x);
      const [n] = x.shape;
      return silu(this.hidden.apply(tf.reshape(x, [n, this.flat]))) as tf.Tensor2D; // [N, hidden]
    });
  }
}

/** Checks the config before any weight is allocated. */
function judgeScope(config: JudgeConfig, seed: number): ParamScope {
  validateJudgeConfig(config);
  return new ParamScope(seed);
}

/** What the crop tower reads from each crop: attribute logits and the presence logit [K, 1]. */
export type CropLogits = Record<CharacterHead, tf.Tensor2D> & { presence: tf.Tensor2D };

/** A character's box in pixels of frame `frame` of a batch. */
export interface CropBox {
  frame: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Mirror the crop left to right (training augmentation). */
  flip?: boolean;
}

/** The judge network (see the file comment). */
export class AttributeJudge extends Module {
  private readonly placeTower: Tower;
  private readonly placeHead: Linear;
  private readonly characterTower: Tower;
  private readonly characterHeads: Record<CharacterHead, Linear>;
  private readonly presenceHead: Linear;

  constructor(readonly config: JudgeConfig, seed: number) {
    super(judgeScope(config, seed));
    const { channels, hidden, classes } = config;
    this.placeTower = new Tower(this.scope.child('place'), config.frameSize, channels, hidden);
    this.placeHead = new Linear(this.scope.child('placeHead'), hidden, classes.place.length);
    this.characterTower = new Tower(this.scope.child('character'), config.cropSize, channels, hidden);
    const heads = this.scope.child('heads');
    this.characterHeads = {
      shape: new Linear(heads.child('shape'), hidden, classes.shape.length),
      colour: new Linear(heads.child('colour'), hidden, classes.colour.length),
      pattern: new Linear(heads.child('pattern'), hidden, classes.pattern.length),
    };
    this.presenceHead = new Linear(heads.child('presence'), hidden, 1);
  }

  /** Whole frames [N, H, W, 3] (any size; resampled) -> place logits [N, places]. */
  placeLogits(frames: tf.Tensor4D): tf.Tensor2D {
    assertShape(frames, [null, null, null, 3], 'judge frames');
    const size = this.config.frameSize;
    return tf.tidy(() => {
      const resized = tf.image.resizeBilinear(frames, [size, size], false, true); // [N, s, s, 3]
      return this.placeHead.apply(this.placeTower.apply(resized)) as tf.Tensor2D;
    });
  }

  /** Character crops [K, c, c, 3] -> logits per attribute head [K, classes] and the presence logit [K, 1]. */
  characterLogits(crops: tf.Tensor4D): CropLogits {
    const c = this.config.cropSize;
    assertShape(crops, [null, c, c, 3], 'judge character crops');
    return tf.tidy(() => {
      const features = this.characterTower.apply(crops);
      const heads = Object.fromEntries(CHARACTER_HEADS.map((head) => [head, this.characterHeads[head].apply(features)])) as Record<CharacterHead, tf.Tensor2D>;
      return { ...heads, presence: this.presenceHead.apply(features) as tf.Tensor2D };
    });
  }

  /**
   * Crops each box (grown by the config's margin) out of `frames` [N, H, W, 3] and resamples it
   * to [K, c, c, 3]; parts outside the frame read as 0 (mid grey). Forward only: the judge never
   * needs gradients through its inputs.
   */
  crop(frames: tf.Tensor4D, boxes: readonly CropBox[]): tf.Tensor4D {
    const [n, height, width] = assertShape(frames, [null, null, null, 3], 'judge frames') as [number, number, number];
    if (boxes.length === 0) throw new ModelError('invalid_input', 'the judge needs at least one character box to crop');
    const margin = this.config.cropMargin;
    const corners = new Float32Array(boxes.length * 4);
    const indices = new Int32Array(boxes.length);
    boxes.forEach((box, i) => {
      if (!(Number.isInteger(box.frame) && box.frame >= 0 && box.frame < n) || !(box.width > 0 && box.height > 0)) {
        throw new ModelError('invalid_input', `judge crop ${i} names frame ${box.frame} of ${n} with size ${box.width}x${box.height}`);
      }
      const grow = margin * Math.max(box.width, box.height);
      // Pixel edges to the normalized corner coordinates cropAndResize samples between.
      const x1 = (box.x - grow) / (width - 1);
      const x2 = (box.x + box.width + grow - 1) / (width - 1);
      corners.set([(box.y - grow) / (height - 1), box.flip ? x2 : x1, (box.y + box.height + grow - 1) / (height - 1), box.flip ? x1 : x2], i * 4);
      indices[i] = box.frame;
    });
    const size = this.config.cropSize;
    return tf.tidy(() => tf.image.cropAndResize(frames, tf.tensor2d(corners, [boxes.length, 4]), tf.tensor1d(indices, 'int32'), [size, size], 'bilinear', 0));
  }
}
