/**
 * memory.*: the memory inspector, the budget dial and the fidelity strip. Inspecting needs the
 * engine's memory encoder, which arrives with issue 4; until then the call says so.
 */
import type { AreaServices } from './context';
import { ServiceError } from './errors';
import { queueJob } from './jobs';

export const memory: AreaServices<'memory'> = {
  inspect() {
    throw new ServiceError('unavailable', 'the memory inspector needs the engine, which arrives with issue 4');
  },
  budget() {
    throw new ServiceError('unavailable', 'the memory budget forecast needs the engine presets, which arrive with issue 4');
  },
  fidelityStrip: ({ projectId }, ctx) => queueJob(ctx, projectId, 'fidelity', {}),
};
