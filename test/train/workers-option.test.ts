// The engine count of `longshot train` and `train default`: --workers wins; else
// LONGSHOT_TRAIN_WORKERS; else one engine per core (up to the batch) on wasm, one on native
// backends. Bad values are usage errors.
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../main/cli/command';
import { trainWorkers, WORKERS_ENV } from '../../main/cli/commands/train-workers';

const args = (workers?: string) => ({ values: workers === undefined ? {} : { workers }, positionals: [] });
const saved = process.env[WORKERS_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[WORKERS_ENV];
  else process.env[WORKERS_ENV] = saved;
});

describe('training engine count', () => {
  it('defaults to one engine per core up to the batch on wasm, and to one on native backends', () => {
    delete process.env[WORKERS_ENV];
    expect(trainWorkers(args(), 'wasm', 4)).toBe(Math.min(availableParallelism(), 4));
    expect(trainWorkers(args(), 'wasm', 1)).toBe(1);
    expect(trainWorkers(args(), 'tensorflow', 4)).toBe(1);
  });

  it('takes the environment over the default and --workers over both', () => {
    process.env[WORKERS_ENV] = '1';
    expect(trainWorkers(args(), 'wasm', 4)).toBe(1);
    expect(trainWorkers(args('3'), 'wasm', 4)).toBe(3);
    process.env[WORKERS_ENV] = '8';
    expect(trainWorkers(args(), 'wasm', 2)).toBe(2);
  });

  it('refuses counts that are not whole numbers from 1 with usage errors', () => {
    process.env[WORKERS_ENV] = 'two';
    expect(() => trainWorkers(args(), 'wasm', 4)).toThrow(CliError);
    expect(() => trainWorkers(args(), 'wasm', 4)).toThrow(/LONGSHOT_TRAIN_WORKERS must be a whole number from 1 to 64, got "two"/);
    delete process.env[WORKERS_ENV];
    expect(() => trainWorkers(args('0'), 'wasm', 4)).toThrow(CliError);
    expect(() => trainWorkers(args('1.5'), 'wasm', 4)).toThrow(CliError);
  });
});
