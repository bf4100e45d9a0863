// The app's server (the Electron main process in the desktop app) must never load tfjs: tensor
// work would block the thread that answers the window, and the engine process exists for it
// (architecture.md). A child process serves calls that touch models, presets, datasets and the
// evaluation schema, then reports whether tfjs-core's global engine exists.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the server process', () => {
  it('answers model, budget, evaluation and training calls without loading tfjs', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/server-session.ts')], {
      encoding: 'utf8', timeout: 60_000,
    });
    const report = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { answers: Record<string, string>; tfBefore: boolean; tfAfterImport: boolean };
    expect(report.answers).toEqual({
      'projects.create': 'ok', 'storyboard.add': 'ok', 'models.describe': 'ok', 'models.list': 'ok', 'memory.budget': 'ok',
      'evaluations.choices': 'ok', 'evaluations.start': 'invalid_model', 'training.listRuns': 'ok', 'training.modelFromCheckpoint': 'not_found', 'system.info': 'ok',
    });
    expect(report.tfBefore).toBe(false);
    // The probe itself works: importing tfjs-core makes the global.
    expect(report.tfAfterImport).toBe(true);
  });
});
