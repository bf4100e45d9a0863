import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EngineCore } from '../../main/jobs/engine-process';
import type { EngineMessage } from '../../main/jobs/protocol';
import { registerRunner } from '../../main/jobs/runners';
import './fixtures/test-runners';

registerRunner('train', async (ctx) => {
  for (let step = 0; step <= 1000; step++) ctx.progress(step, 1000);
  // Calls after the job has ended must not reach the host as this job's (or the next one's).
  setTimeout(() => {
    ctx.progress(5, 1000);
    ctx.log('info', 'too late');
  }, 20);
  return 'trained';
});

function engine() {
  const sent: EngineMessage[] = [];
  const core = new EngineCore((message) => sent.push(message), { progressIntervalMs: 50 });
  const ended = async (jobId: number) => {
    while (!sent.some((m) => (m.type === 'done' || m.type === 'error') && m.jobId === jobId)) await sleep(5);
  };
  return { core, sent, ended };
}

const start = (jobId: number, kind: string, params: unknown) => ({ type: 'start', jobId, kind, params, projectPath: '/p.longshot' });

describe('EngineCore', () => {
  it('coalesces a burst of progress reports and always sends the last one', async () => {
    const { core, sent, ended } = engine();
    core.handle(start(1, 'train', {}));
    await ended(1);
    const progress = sent.filter((m) => m.type === 'progress');
    expect(progress.length).toBeLessThanOrEqual(3);
    expect(progress.at(-1)).toMatchObject({ step: 1000, total: 1000 });
    expect(sent.at(-1)).toEqual({ type: 'done', jobId: 1, result: 'trained' });
    await sleep(60);
    expect(sent.at(-1)).toEqual({ type: 'done', jobId: 1, result: 'trained' });
  });

  it('refuses a second job while one runs and drops malformed host messages with a warning', async () => {
    const { core, sent, ended } = engine();
    core.handle(start(1, 'eval', { steps: 3, sleepMs: 20 }));
    core.handle(start(2, 'eval', { steps: 1, sleepMs: 1 }));
    core.handle({ type: 'start', jobId: -3 });
    core.handle('cancel everything');
    expect(sent.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', jobId: 2, code: 'busy', message: 'job 1 is still running in the engine' },
    ]);
    expect(sent.filter((m) => m.type === 'log' && m.level === 'warn')).toHaveLength(2);
    await ended(1);
    expect(sent.at(-1)).toMatchObject({ type: 'done', jobId: 1 });
  });

  it('ignores a cancel for another job and cancels the running one', async () => {
    const { core, sent, ended } = engine();
    core.handle(start(7, 'eval', { steps: 50, sleepMs: 10 }));
    core.handle({ type: 'cancel', jobId: 8 });
    await sleep(30);
    core.handle({ type: 'cancel', jobId: 7 });
    await ended(7);
    expect(sent.at(-1)).toEqual({ type: 'error', jobId: 7, code: 'cancelled', message: 'job 7 was cancelled' });
  });

  it('stops the running job on shutdown before saying it is done', async () => {
    const sent: EngineMessage[] = [];
    let shutDown = false;
    const core = new EngineCore((m) => sent.push(m), { onShutdown: () => (shutDown = true) });
    core.handle(start(3, 'eval', { steps: 1000, sleepMs: 5 }));
    core.handle({ type: 'shutdown' });
    while (!shutDown) await sleep(5);
    expect(sent.at(-1)).toMatchObject({ type: 'error', jobId: 3, code: 'cancelled' });
  });
});
