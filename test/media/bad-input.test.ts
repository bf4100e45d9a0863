/**
 * reliability.md, "Media input": every file of the bad-input corpus ends accepted or as a typed
 * MediaError within its deadline, leaves no ffmpeg running and no temp file behind, and nothing
 * outside the file is read. The playlists point at a FIFO and at a local HTTP server: opening
 * the FIFO would block ffmpeg until the deadline (so the case would end as 'timeout', not
 * 'unsupported'), and the server counts requests.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToFrames } from '../../main/media/decode';
import { MediaError, type MediaErrorCode } from '../../main/media/errors';
import { probe, type MediaInfo } from '../../main/media/probe';
import { buildCorpus, makeFifo, type CorpusEntry } from '../fixtures/media/corpus';
import { childProcesses, ffmpegPath, leftovers, tempDir } from './helpers';

type Outcome = { kind: 'accept'; info: MediaInfo; frames: number; width: number; height: number } | { kind: 'reject'; code: MediaErrorCode; message: string };

const PROBE_TIMEOUT_MS = 8_000;
const DECODE_TIMEOUT_MS = 15_000;

async function run(entry: CorpusEntry, outDir: string): Promise<Outcome> {
  try {
    const info = await probe(entry.path, { limits: { probeTimeoutMs: PROBE_TIMEOUT_MS } });
    const decoded = await decodeToFrames(entry.path, {
      out: join(outDir, `${entry.name}.frames`),
      width: 64, height: 48, fps: 8, fit: 'crop', maxSeconds: 2, timeoutMs: DECODE_TIMEOUT_MS,
      limits: { probeTimeoutMs: PROBE_TIMEOUT_MS },
    });
    return { kind: 'accept', info, frames: decoded.frames.frameCount, width: decoded.frames.width, height: decoded.frames.height };
  } catch (error) {
    if (!(error instanceof MediaError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return { kind: 'reject', code: error.code, message: error.message };
  }
}

describe('bad-input corpus', () => {
  const temp = tempDir('corpus');
  const outDir = join(temp.dir, 'out');
  let server: Server;
  let requests = 0;
  let corpus: CorpusEntry[];

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const secret = join(temp.dir, 'secret.mp4');
    makeFifo(secret);
    mkdirSync(outDir);
    corpus = buildCorpus(await ffmpegPath(), temp.dir, secret, `http://127.0.0.1:${port}/segment.ts`);
  });

  afterAll(() => {
    server?.close();
    temp.remove();
  });

  it('ends every file accepted or typed, in time, with nothing left behind', async () => {
    const problems: string[] = [];
    const outcomes = new Map<string, Outcome>();
    for (const entry of corpus) {
      const started = performance.now();
      const outcome = await run(entry, outDir);
      const ms = performance.now() - started;
      outcomes.set(entry.name, outcome);
      const expected = entry.expect;
      const ok =
        outcome.kind === 'accept'
          ? expected.kind !== 'reject'
          : expected.kind !== 'accept' && expected.codes.includes(outcome.code);
      if (!ok) problems.push(`${entry.name}: expected ${JSON.stringify(expected)}, got ${outcome.kind === 'accept' ? 'accepted' : `${outcome.code} (${outcome.message})`}`);
      if (ms > PROBE_TIMEOUT_MS + DECODE_TIMEOUT_MS) problems.push(`${entry.name}: took ${Math.round(ms)} ms`);
      const running = childProcesses();
      if (running.length > 0) problems.push(`${entry.name}: children still running ${JSON.stringify(running)}`);
      const left = leftovers(outDir);
      if (left.length > 0) problems.push(`${entry.name}: left ${left.join(', ')}`);
    }
    expect(problems).toEqual([]);

    // Accepted files decode to the project's frame size whatever their own.
    for (const [name, outcome] of outcomes) {
      if (outcome.kind !== 'accept') continue;
      expect([name, outcome.width, outcome.height]).toEqual([name, 64, 48]);
      expect(outcome.frames).toBeGreaterThan(0);
    }
    const accepted = (name: string): MediaInfo => {
      const outcome = outcomes.get(name);
      if (outcome?.kind !== 'accept') throw new Error(`${name} was not accepted`);
      return outcome.info;
    };
    expect([accepted('odd-319x239.mkv').width, accepted('odd-319x239.mkv').height]).toEqual([319, 239]);
    expect([90, 270]).toContain(accepted('rotated.mp4').rotation);
    expect([accepted('rotated.mp4').width, accepted('rotated.mp4').height]).toEqual([120, 160]);
    expect(accepted('ten-bit.mp4').pixFmt).toBe('yuv420p10le');
    expect(accepted('vfr.mp4').vfr).toBe(true);
    expect(accepted('plain.mp4').vfr).toBe(false);
    expect(requests).toBe(0);
  });
});
