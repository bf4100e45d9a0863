// bench:engine's JSON carries, on every GFLOP/s figure, its fraction of the 2-D matMul ceiling
// measured in the same run (issue 14), under the stable key `ofCeiling`.
import { describe, expect, it } from 'vitest';
import { withCeilingFractions, type BenchRow } from '../bench/engine-section';

describe('ceiling fractions of benchmark rows', () => {
  it('divide both figures of every GFLOP/s row by the run\'s own ceiling, leaving other units alone', () => {
    const rows: BenchRow[] = [
      { op: '2-D matMul ceiling', shape: '[512,512] x [512,512]', unit: 'GFLOP/s', before: 10, after: 20 },
      { op: 'training step GFLOP/s', shape: 'B=4', unit: 'GFLOP/s', before: 5, after: 15 },
      { op: 'conv3d', shape: 'x', unit: 'GFLOP/s', before: null, after: 4 },
      { op: 'training step samples/s', shape: 'B=4', unit: 'samples/s', before: 1, after: 2 },
    ];
    const out = withCeilingFractions(rows);
    expect(out[0]?.ofCeiling).toEqual({ before: 0.5, after: 1 });
    expect(out[1]?.ofCeiling).toEqual({ before: 0.25, after: 0.75 });
    expect(out[2]?.ofCeiling).toEqual({ before: null, after: 0.2 });
    expect(out[3]).not.toHaveProperty('ofCeiling');
    expect(JSON.parse(JSON.stringify(out))[1].ofCeiling.after).toBe(0.75);
  });

  it('adds nothing to a section without a ceiling row', () => {
    const rows: BenchRow[] = [{ op: 'x', shape: 'y', unit: 'GFLOP/s', before: 1, after: 2 }];
    expect(withCeilingFractions(rows)).toEqual(rows);
  });
});
