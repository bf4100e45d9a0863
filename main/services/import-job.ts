/**
 * The 'import' job: footage.import queues it, the runner module import-runner.ts runs it in the
 * engine process. Its params are checked on both sides with this one schema.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** What an import job carries. */
export const importJobParams = z.strictObject({
  sourcePath: z.string().min(1),
  fit: z.enum(['crop', 'letterbox']),
  maxSeconds: z.number().positive().optional(),
});
export type ImportJobParams = z.output<typeof importJobParams>;

/** The runner module to list among the engine's runner modules (main/jobs/runner-modules.ts). */
export const IMPORT_RUNNER_MODULE = fileURLToPath(new URL('./import-runner.ts', import.meta.url));
