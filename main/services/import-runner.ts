/**
 * Runner module of the 'import' job kind, loaded by the engine process: decodes footage into the
 * project through importFootage (ffmpeg does the work in its own process), reporting progress in
 * thousandths of the source's duration. Cancelling aborts ffmpeg and leaves no files or row.
 */
import { join } from 'node:path';
import { registerRunner } from '../jobs/index';
import { closeProject, openProject } from '../project/index';
import { importFootage } from './footage-import';
import { importJobParams } from './import-job';

const STEPS = 1000;

registerRunner(
  'import',
  async (job) => {
    // The engine process holds its own connection; WAL lets it write beside the app's.
    const project = openProject(job.projectPath);
    try {
      job.progress(0, STEPS, 'decoding');
      const footage = await importFootage(project, job.params.sourcePath, {
        fit: job.params.fit,
        maxSeconds: job.params.maxSeconds,
        signal: job.signal,
        onProgress: ({ frames, fraction }) => job.progress(Math.round((fraction ?? 0) * STEPS), STEPS, `${frames} frames`),
      });
      job.progress(STEPS, STEPS, `${footage.frameCount} frames`);
      job.artifact('footage', join(project.path, footage.framesPath));
      return { footageId: footage.id };
    } finally {
      closeProject(project);
    }
  },
  importJobParams,
);
