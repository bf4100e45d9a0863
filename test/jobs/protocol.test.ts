import { describe, expect, it } from 'vitest';
import { parseEngineMessage, parseHostMessage } from '../../main/jobs/protocol';

describe('job protocol', () => {
  it('accepts each well-formed message', () => {
    const host = [
      { type: 'start', jobId: 1, kind: 'generate', params: { seed: 7 }, projectPath: '/p.longshot' },
      { type: 'cancel', jobId: 1 },
      { type: 'shutdown' },
      { type: 'call', callId: 3, method: 'inspectMemory', params: { timeSec: 1 }, projectPath: '/p.longshot' },
    ];
    for (const message of host) expect(parseHostMessage(message)).toEqual({ ok: true, message });
    const engine = [
      { type: 'ready', pid: 12, backend: { name: 'wasm', slow: false }, kinds: ['generate'] },
      { type: 'progress', jobId: 1, step: 3, total: 10, rate: 1.5, etaSec: 4.6, message: 'chunk 1' },
      { type: 'progress', jobId: 1, step: 0, total: 10, rate: null, etaSec: null },
      { type: 'preview', jobId: 1, path: '/p.longshot/media/preview.png' },
      { type: 'artifact', jobId: 1, kind: 'chunk', path: '/p.longshot/media/c1.frames' },
      { type: 'log', level: 'info', text: 'hello' },
      { type: 'done', jobId: 1, result: new Map([['a', new Float32Array(2)]]) },
      { type: 'error', jobId: 1, code: 'cancelled', message: 'job 1 was cancelled' },
      { type: 'reply', callId: 3, result: { psnr: 21.5 } },
      { type: 'call-error', callId: 3, code: 'no_history', message: 'nothing has been generated yet' },
    ];
    for (const message of engine) expect(parseEngineMessage(message)).toEqual({ ok: true, message });
  });

  it('rejects malformed messages with a reason instead of throwing', () => {
    const bad: unknown[] = [
      42,
      null,
      'progress',
      { type: 'warp' },
      { type: 'progress', jobId: 1, step: -1, total: 10, rate: null, etaSec: null },
      { type: 'progress', jobId: '1', step: 1, total: 10, rate: null, etaSec: null },
      { type: 'preview', jobId: 1, path: '' },
      { type: 'log', level: 'shout', text: 'x' },
      { type: 'error', jobId: 1, message: 'no code' },
      { type: 'reply', result: 1 },
      { type: 'call-error', callId: 3, code: '', message: 'empty code' },
    ];
    for (const raw of bad) {
      const parsed = parseEngineMessage(raw);
      expect(parsed.ok, JSON.stringify(raw)).toBe(false);
      if (!parsed.ok) expect(parsed.problem.length).toBeGreaterThan(0);
    }
    expect(parseHostMessage({ type: 'start', jobId: 1.5, kind: 'eval', params: null, projectPath: '/p' }).ok).toBe(false);
    expect(parseHostMessage({ type: 'start', jobId: 1, kind: 'teleport', params: null, projectPath: '/p' }).ok).toBe(false);
    expect(parseHostMessage({ type: 'call', callId: 1, method: 'formatDisk', params: null, projectPath: '/p' }).ok).toBe(false);
  });
});
