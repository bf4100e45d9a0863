import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Attention, MASKED } from '../../main/engine/model/attention';
import { ModelError } from '../../main/engine/model/errors';
import { Linear } from '../../main/engine/model/layers';
import { ParamScope } from '../../main/engine/model/params';
import { PatchConv3d } from '../../main/engine/model/patch-conv';
import { patchify, unpatchify } from '../../main/engine/model/patchify';
import { applyRope, ropeTables } from '../../main/engine/model/rope';
import { buildVocabulary, Tokenizer } from '../../main/engine/model/tokenizer';
import { useBackend } from './model-fixtures';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

describe('parameters', () => {
  beforeAll(() => useBackend('cpu'));

  it('names weights by dotted paths and initialises them from (seed, name) only', () => {
    const build = (seed: number, extraFirst: boolean): ParamScope => {
      const root = new ParamScope(seed);
      if (extraFirst) new Linear(root.child('other'), 3, 3);
      new Linear(root.child('blocks').child('0').child('qkv'), 4, 6);
      return root;
    };
    const a = build(1, false);
    const b = build(1, true);
    const c = build(2, false);
    expect([...a.params().keys()]).toEqual(['blocks.0.qkv.weight', 'blocks.0.qkv.bias']);
    const weight = (s: ParamScope): tf.Variable => s.params().get('blocks.0.qkv.weight') as tf.Variable;
    expect(values(weight(b))).toEqual(values(weight(a)));
    expect(values(weight(c))).not.toEqual(values(weight(a)));
    expect(() => a.child('blocks')).toThrow(ModelError);
    [a, b, c].forEach((s) => s.dispose());
  });

  it('Linear maps the last axis through one 2-D product', () => {
    const scope = new ParamScope(3);
    const linear = new Linear(scope, 4, 5);
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const expected = tf.add(tf.matMul(tf.reshape(x, [6, 4]), linear.weight), linear.bias as tf.Variable);
    const y = linear.apply(x);
    expect(y.shape).toEqual([2, 3, 5]);
    expect(maxAbsDiff(tf.reshape(y, [6, 5]), expected)).toBeLessThan(1e-6);
    expect(() => linear.apply(tf.zeros([2, 3]))).toThrow(/expected shape \[\*, 4\]/);
    scope.dispose();
  });
});

describe('patchify and PatchConv3d', () => {
  beforeAll(() => useBackend('cpu'));

  it('unpatchify inverts patchify, and a patch holds one p x p square of one frame', () => {
    const video = tf.randomNormal([2, 3, 8, 12, 3], 0, 1, 'float32', 2) as tf.Tensor5D;
    const tokens = patchify(video, 4);
    expect(tokens.shape).toEqual([2, 3 * 2 * 3, 48]);
    // frame 1 starts at token 6 (2 x 3 cells a frame); cell 4 is (row 1, col 1): rows 4..7, columns 4..7
    const patch = tf.slice(tokens, [1, 6 + 4, 0], [1, 1, 48]);
    const square = tf.slice(video, [1, 1, 4, 4, 0], [1, 1, 4, 4, 3]);
    expect(values(patch)).toEqual(values(square));
    expect(maxAbsDiff(unpatchify(tokens, 4, { frames: 3, height: 8, width: 12, channels: 3 }), video)).toBe(0);
  });

  it('equals tf.conv3d with stride = kernel and the same filter', () => {
    const scope = new ParamScope(4);
    const conv = new PatchConv3d(scope, [2, 2, 4], 3, 5);
    const x = tf.randomNormal([2, 4, 6, 8, 3], 0, 1, 'float32', 5) as tf.Tensor5D;
    const filter = tf.reshape(conv.weight, [2, 2, 4, 3, 5]) as tf.Tensor5D;
    const bias = scope.params().get('bias') as tf.Variable;
    const reference = tf.add(tf.conv3d(x, filter, [2, 2, 4], 'valid'), bias);
    const y = conv.apply(x);
    expect(y.shape).toEqual([2, 2, 3, 2, 5]);
    expect(maxAbsDiff(y, reference)).toBeLessThan(1e-5);
    scope.dispose();
  });
});

describe('3-D rotary embedding', () => {
  beforeAll(() => useBackend('cpu'));
  const bases = { time: 1000, space: 100 };

  it('keeps norms, leaves null positions unrotated and depends only on relative positions', () => {
    const q = tf.randomNormal([2, 3, 16], 0, 1, 'float32', 6) as tf.Tensor3D; // B = 1, heads = 2
    const k = tf.randomNormal([2, 3, 16], 0, 1, 'float32', 7) as tf.Tensor3D;
    const at = (positions: ([number, number, number] | null)[]) => ropeTables([positions], 16, bases);
    const p1 = at([null, [0, 0, 0], [2, 1, 3]]);
    const p2 = at([null, [5, 2, 1], [7, 3, 4]]); // every position shifted by (5, 2, 1)
    const q1 = applyRope(q, p1);
    expect(maxAbsDiff(tf.norm(q1, 'euclidean', 2), tf.norm(q, 'euclidean', 2))).toBeLessThan(1e-5);
    expect(maxAbsDiff(tf.slice(q1, [0, 0, 0], [2, 1, 16]), tf.slice(q, [0, 0, 0], [2, 1, 16]))).toBe(0);
    const scores = (p: ReturnType<typeof at>) => tf.matMul(applyRope(q, p), applyRope(k, p), false, true);
    const s1 = tf.slice(scores(p1), [0, 1, 1], [2, 2, 2]);
    const s2 = tf.slice(scores(p2), [0, 1, 1], [2, 2, 2]);
    expect(maxAbsDiff(s1, s2)).toBeLessThan(1e-4);
    expect(maxAbsDiff(q1, q)).toBeGreaterThan(0.01);
  });
});

describe('attention', () => {
  beforeAll(() => useBackend('cpu'));

  it('masks keys with an additive bias: a causal query ignores later tokens', () => {
    const scope = new ParamScope(8);
    const attention = new Attention(scope, 16, 2);
    const causal = tf.tensor4d([0, MASKED, MASKED, 0, 0, MASKED, 0, 0, 0], [1, 1, 3, 3]);
    const x = tf.randomNormal([1, 3, 16], 0, 1, 'float32', 9) as tf.Tensor3D;
    const changedLast = tf.concat([tf.slice(x, [0, 0, 0], [1, 2, 16]), tf.fill([1, 1, 16], 5)], 1) as tf.Tensor3D;
    const a = attention.apply(x, { bias: causal });
    const b = attention.apply(changedLast, { bias: causal });
    expect(a.shape).toEqual([1, 3, 16]);
    expect(maxAbsDiff(tf.slice(a, [0, 0, 0], [1, 2, 16]), tf.slice(b, [0, 0, 0], [1, 2, 16]))).toBeLessThan(1e-6);
    expect(maxAbsDiff(tf.slice(a, [0, 2, 0], [1, 1, 16]), tf.slice(b, [0, 2, 0], [1, 1, 16]))).toBeGreaterThan(1e-3);
    const huge = attention.apply(tf.mul(x, 1e4) as tf.Tensor3D);
    expect(values(huge).every(Number.isFinite)).toBe(true);
    scope.dispose();
  });
});

describe('tokenizer', () => {
  const corpus = ['A red ball rolls left.', 'The red cat sits', 'the cat walks'];

  it('builds a stable vocabulary: specials, characters, then words by frequency', () => {
    const vocab = buildVocabulary(corpus, { maxSize: 42 });
    expect(vocab.slice(0, 3)).toEqual(['[pad]', '[unk]', '#a']);
    expect(vocab.slice(38)).toEqual(['cat', 'red', 'the', '.']);
    expect(buildVocabulary([...corpus].reverse(), { maxSize: 42 })).toEqual(vocab);
    expect(() => buildVocabulary(corpus, { maxSize: 10 })).toThrow(ModelError);
  });

  it('encodes words, spells unknown words in characters, maps unknown characters to [unk], pads and truncates', () => {
    const tokenizer = new Tokenizer(buildVocabulary(corpus, { maxSize: 100 }), 12);
    expect(tokenizer.decode(tokenizer.encode('The CAT, sits!'))).toEqual(['the', 'cat', '[unk]', 'sits', '[unk]']);
    expect(tokenizer.decode(tokenizer.encode('red dog'))).toEqual(['red', '#d', '#o', '#g']);
    expect(tokenizer.decode(tokenizer.encode('red é'))).toEqual(['red', '[unk]']);
    expect(tokenizer.encode('')).toEqual(new Array(12).fill(0));
    expect(tokenizer.encode('cat '.repeat(20))).toHaveLength(12);
    expect(tokenizer.encodeBatch(['cat', 'red'])).toHaveLength(24);
  });
});
