/**
 * The pixel head (GeneratorConfig.pixelHead): three 3x3 convolutions at full resolution after the
 * DiT, adding a correction to its patch-wise x0 prediction. The DiT sees a frame only as 8x8
 * patches squeezed into its width (192 values into 128 for the tiny preset), so on its own it can
 * neither hand a nearly clean x_t's detail through (x0 at 23 dB from x_t at t = 0.05) nor make
 * neighbouring patches agree at their borders (blockiness 2.4 where Storyworld's frames score
 * about 1). The head sees, per pixel: the DiT's x0, x_t itself, the flow time, and, where the
 * chunk continues its shot, the last recent frame (zeros and a 0 flag elsewhere, as for the window
 * shortcut: the frame before a cut belongs to another shot). Its last convolution starts at zero,
 * so a model it is added to computes exactly what it did until trained. With a gate
 * (GeneratorConfig.pixelGate) a fourth convolution, also starting at zero, reads the same hidden
 * features and gives each pixel g, and the output is x0' + g (x_t - x0'): one multiplication the
 * head could not learn from its inputs, which is what hands a nearly clean x_t through.
 *
 * Layout: every image [B, T, H, W, C]; convolutions run on [B*T, H, W, C] (NHWC, stride 1,
 * 'same'), whose gradients the wasm kernel overrides route through the fast forward conv2d.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pixelHeadInputs } from './config';
import { assertShape } from './errors';
import { silu } from './layers';
import { Module, type ParamScope } from './params';

/** Kernel size of every convolution of the head. */
const KERNEL = 3;

/** One stride-1 'same' conv2d with a bias. */
class Conv2d extends Module {
  private readonly filter: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(scope: ParamScope, inChannels: number, outChannels: number, init: 'xavier' | 'zeros') {
    super(scope);
    const fanIn = KERNEL * KERNEL * inChannels;
    const fanOut = KERNEL * KERNEL * outChannels;
    this.filter = scope.variable('filter', [KERNEL, KERNEL, inChannels, outChannels], init === 'zeros' ? { kind: 'zeros' } : { kind: 'xavier', fanIn, fanOut });
    this.bias = scope.variable('bias', [outChannels], { kind: 'zeros' });
  }

  /** [N, H, W, in] -> [N, H, W, out]. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => tf.add(tf.conv2d(x, this.filter as tf.Tensor4D, 1, 'same'), this.bias) as tf.Tensor4D);
  }
}

/** The last recent frame and, per sample, whether the chunk may read it (a chunk that opens a shot may not). */
export interface HeadWindow {
  /** [B, 1, H, W, C]. */
  frame: tf.Tensor5D;
  /** Per sample: 1 where the chunk continues its shot, 0 where it opens one. */
  continues: readonly number[];
}

/** x0 + a learned per-pixel correction from x0, x_t, t and the last recent frame. */
export class PixelHead extends Module {
  private readonly convs: readonly [Conv2d, Conv2d, Conv2d];
  /** The per-pixel gate of x_t (config.pixelGate), or null. */
  private readonly gate: Conv2d | null;

  constructor(scope: ParamScope, readonly channels: number, readonly hidden: number, gated = false) {
    super(scope);
    this.convs = [
      new Conv2d(scope.child('conv0'), pixelHeadInputs(channels), hidden, 'xavier'),
      new Conv2d(scope.child('conv1'), hidden, hidden, 'xavier'),
      new Conv2d(scope.child('conv2'), hidden, channels, 'zeros'),
    ];
    this.gate = gated ? new Conv2d(scope.child('gate'), hidden, 1, 'zeros') : null;
  }

  /** x0, x_t [B, T, H, W, C], t [B] -> x0 [B, T, H, W, C]. */
  apply(x0: tf.Tensor5D, xt: tf.Tensor5D, t: tf.Tensor1D, window: HeadWindow | null): tf.Tensor5D {
    const [b, frames, height, width] = assertShape(x0, [null, null, null, null, this.channels], 'pixel head x0') as [number, number, number, number];
    assertShape(xt, [b, frames, height, width, this.channels], 'pixel head x_t');
    return tf.tidy(() => {
      const plane = (perSample: tf.Tensor1D): tf.Tensor => tf.broadcastTo(tf.reshape(perSample, [b, 1, 1, 1, 1]), [b, frames, height, width, 1]);
      let recent: tf.Tensor = tf.zeros([b, frames, height, width, this.channels]);
      let flag: tf.Tensor = tf.zeros([b, frames, height, width, 1]);
      if (window !== null) {
        assertShape(window.frame, [b, 1, height, width, this.channels], 'pixel head recent frame');
        const continues = tf.tensor1d(window.continues as number[]);
        recent = tf.mul(tf.broadcastTo(window.frame, [b, frames, height, width, this.channels]), tf.reshape(continues, [b, 1, 1, 1, 1]));
        flag = plane(continues);
      }
      const inputs = tf.concat([x0, xt, plane(t), recent, flag], 4); // [B, T, H, W, 3C + 2]
      const [first, second, last] = this.convs;
      let h = tf.reshape(inputs, [b * frames, height, width, pixelHeadInputs(this.channels)]) as tf.Tensor4D;
      h = silu(first.apply(h)) as tf.Tensor4D;
      h = silu(second.apply(h)) as tf.Tensor4D;
      const corrected = tf.add(x0, tf.reshape(last.apply(h), [b, frames, height, width, this.channels]));
      if (this.gate === null) return corrected as tf.Tensor5D;
      const g = tf.reshape(this.gate.apply(h), [b, frames, height, width, 1]);
      return tf.add(corrected, tf.mul(g, tf.sub(xt, corrected))) as tf.Tensor5D;
    });
  }
}
