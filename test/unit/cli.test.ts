import { describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('longshot CLI', () => {
  it('prints general help with exit code 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('Usage: longshot <command>');
  });

  it('reports an unknown command as one line and a non-zero exit code', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/unknown command 'frobnicate'/);
  });
});
