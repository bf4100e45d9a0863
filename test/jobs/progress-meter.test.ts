import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../main/jobs/progress-meter';

function meterWithClock(options: { alpha?: number; minTimedSteps?: number } = {}) {
  const clock = { now: 0 };
  return { clock, meter: new ProgressMeter({ ...options, now: () => clock.now }) };
}

describe('ProgressMeter', () => {
  it('gives no rate or ETA before a step is timed and no ETA before two', () => {
    const { clock, meter } = meterWithClock();
    expect(meter.update(0, 10)).toEqual({ rate: null, etaSec: null });
    clock.now = 500;
    const one = meter.update(1, 10);
    expect(one.rate).toBeCloseTo(2);
    expect(one.etaSec).toBeNull();
    clock.now = 1000;
    expect(meter.update(2, 10)).toEqual({ rate: 2, etaSec: 4 });
  });

  it('treats the first report of a resumed job as the baseline, not as steps done', () => {
    const { clock, meter } = meterWithClock();
    clock.now = 60_000;
    expect(meter.update(40, 100)).toEqual({ rate: null, etaSec: null });
    clock.now = 60_200;
    meter.update(41, 100);
    clock.now = 60_400;
    expect(meter.update(42, 100).etaSec).toBeCloseTo(58 * 0.2);
  });

  it('follows a change of pace with the moving average', () => {
    const { clock, meter } = meterWithClock({ alpha: 0.5 });
    meter.update(0, 100);
    for (let step = 1; step <= 5; step++) {
      clock.now += 100;
      meter.update(step, 100);
    }
    clock.now += 300;
    const slower = meter.update(6, 100);
    // 0.5 * 100 ms + 0.5 * 300 ms = 200 ms a step.
    expect(slower.rate).toBeCloseTo(5);
    expect(slower.etaSec).toBeCloseTo(94 * 0.2);
  });

  it('weighs a report of several steps like the same steps one by one', () => {
    const a = meterWithClock({ alpha: 0.3 });
    const b = meterWithClock({ alpha: 0.3 });
    a.meter.update(0, 10);
    b.meter.update(0, 10);
    a.clock.now = b.clock.now = 100;
    a.meter.update(1, 10);
    b.meter.update(1, 10);
    for (let step = 2; step <= 4; step++) {
      a.clock.now += 50;
      a.meter.update(step, 10);
    }
    b.clock.now += 150;
    // Same mean duration per step within the batch, so the same average.
    expect(b.meter.update(4, 10).rate).toBeCloseTo(a.meter.update(4, 10).rate ?? 0, 9);
  });

  it('starts over when the step goes backwards and ignores message-only reports', () => {
    const { clock, meter } = meterWithClock();
    meter.update(0, 10);
    clock.now = 100;
    meter.update(1, 10);
    clock.now = 5000;
    expect(meter.update(1, 10).rate).toBeCloseTo(10);
    expect(meter.update(0, 10)).toEqual({ rate: null, etaSec: null });
  });

  it('rejects a weight outside (0, 1]', () => {
    expect(() => new ProgressMeter({ alpha: 0 })).toThrow(RangeError);
  });
});
