// A disk that fills up while a chunk is saved (reliability.md, "Jobs"): the job fails with the
// reason, the chunks before it stay intact and recorded, nothing half-written is left, the host
// runs the next job, and continuing the take later gives the same video as an uninterrupted run.
// The full disk is the kernel's own: the chunk's partial file is a symlink to /dev/full, whose
// every write fails with ENOSPC.
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobHost, inProcessEngine } from '../../main/jobs/index';
import { chunkFile, projectFile } from '../../main/jobs/generation/paths';
import { createGeneration } from '../../main/jobs/generation/takes';
import { listChunks, type Project } from '../../main/project/index';
import { chunkHashes, generationSandbox, GENERATION_RUNNERS } from './helpers';

let sandbox: Awaited<ReturnType<typeof generationSandbox>>;
let host: JobHost;

beforeAll(async () => {
  sandbox = await generationSandbox();
  host = new JobHost({ engine: inProcessEngine({ runnerModules: GENERATION_RUNNERS }), progressWriteMs: 20 });
});

afterAll(async () => {
  await host.close();
  sandbox.dispose();
});

async function runTake(project: Project, takeId: number) {
  const job = host.enqueue(project.path, { kind: 'generate', params: { takeId } });
  return host.waitFor(project.path, job.id);
}

describe.runIf(existsSync('/dev/full'))('a full disk while a chunk is saved', () => {
  it('fails the job with the reason, keeps the chunks before it, and the take continues later', async () => {
    const project = sandbox.project('DiskFull');
    host.attach(project);
    const straight = createGeneration(project.db, { seed: 9 }).take;
    expect((await runTake(project, straight.id)).status).toBe('done');

    const take = createGeneration(project.db, { seed: 9 }).take;
    const third = projectFile(project, chunkFile(take, 2));
    mkdirSync(dirname(third), { recursive: true });
    symlinkSync('/dev/full', `${third}.partial`);
    const tensors = tf.memory().numTensors;

    const failed = await runTake(project, take.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/disk_full: chunk 3 could not be saved: the disk is full \(ENOSPC.*\)\. The take's 2 saved chunks are kept; free some disk space and continue the take\./);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(chunkHashes(project, take.id)).toEqual(chunkHashes(project, straight.id).slice(0, 2));
    // Neither the refused chunk nor its partial file is left behind.
    expect(readdirSync(dirname(third)).filter((name) => name.startsWith('chunk-'))).toEqual(['chunk-0000.frames', 'chunk-0001.frames']);

    // Space again: the same take continues from chunk 3 to the same video.
    const resumed = await runTake(project, take.id);
    expect(resumed.status).toBe('done');
    expect(listChunks(project.db, take.id)).toHaveLength(listChunks(project.db, straight.id).length);
    expect(chunkHashes(project, take.id)).toEqual(chunkHashes(project, straight.id));
  });
});
