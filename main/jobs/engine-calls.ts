/**
 * Quick calls: work that needs the engine (tfjs) but is not a queued job, asked by the host with
 * `JobHost.call` and answered by the engine process. Memory inspection is one, making a model of
 * a stopped training run's checkpoint another: the UI waits for
 * it, so it must not queue behind an hour of generation, and tfjs blocks the thread it runs on,
 * so it must not run in the Electron main process either (architecture.md).
 *
 * Design: the engine answers a call as soon as it arrives, interleaved with its running job
 * rather than after it. A job awaits at every sampler or optimizer step (to let its cancel
 * message in), and a call's work runs in those gaps; the job is delayed by the call's own cost
 * (one retrieval pass), and the host's thread never runs tfjs. A second engine process would
 * answer sooner on a second core but double the memory of the models; these calls are short.
 *
 * Each call's params are validated here, in the engine, as a job's are; a failure keeps the
 * typed error's code ('no_history', 'model_changed'...) across the process boundary.
 */
import { z } from 'zod';
import { JobError } from './errors';
import type { ModelRecord, Project } from '../project/index';
import type { MemoryInspection } from './memory/inspect';
import type { EngineCallMethod } from './protocol';

const paramsSchemas = {
  inspectMemory: z.strictObject({ timeSec: z.number().min(0), takeId: z.int().positive().optional() }),
  modelFromCheckpoint: z.strictObject({ runId: z.int().positive() }),
} satisfies Record<EngineCallMethod, z.ZodType>;

/** What each call takes. */
export type EngineCallParams = { [M in EngineCallMethod]: z.input<(typeof paramsSchemas)[M]> };

/** What each call answers. */
export interface EngineCallResults {
  inspectMemory: MemoryInspection;
  modelFromCheckpoint: ModelRecord;
}

type Handlers = {
  [M in EngineCallMethod]: (params: z.output<(typeof paramsSchemas)[M]>, projectPath: string) => Promise<EngineCallResults[M]>;
};

/** Runs `work` on the project at `projectPath`, opened for the call and closed after it. */
async function withProject<T>(projectPath: string, work: (project: Project) => Promise<T>): Promise<T> {
  // Loaded on first use: an engine that never answers a call never loads SQLite for one.
  const { closeProject, openProject } = await import('../project/index');
  const project = openProject(projectPath);
  try {
    return await work(project);
  } finally {
    closeProject(project);
  }
}

const handlers: Handlers = {
  async inspectMemory({ timeSec, takeId }, projectPath) {
    const { inspectMemory } = await import('./memory/inspect');
    return withProject(projectPath, (project) => inspectMemory(project, timeSec, takeId));
  },
  async modelFromCheckpoint({ runId }, projectPath) {
    const { modelFromCheckpoint } = await import('./runners/train-checkpoint-model');
    return withProject(projectPath, (project) => modelFromCheckpoint(project, runId));
  },
};

function parseParams<T>(method: EngineCallMethod, schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw new JobError('bad_params', `bad params for the call '${method}': ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}

/** Runs one call in the engine; throws the handler's typed error, or 'bad_params'. */
export function answerCall(method: EngineCallMethod, params: unknown, projectPath: string): Promise<unknown> {
  switch (method) {
    case 'inspectMemory':
      return handlers.inspectMemory(parseParams(method, paramsSchemas.inspectMemory, params), projectPath);
    case 'modelFromCheckpoint':
      return handlers.modelFromCheckpoint(parseParams(method, paramsSchemas.modelFromCheckpoint, params), projectPath);
  }
}
