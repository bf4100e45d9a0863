/** export.*: queue an MP4 export and list the finished ones. */
import { listExports } from '../project/index';
import type { AreaServices } from './context';
import { queueJob } from './jobs';

export const exportServices: AreaServices<'export'> = {
  start({ projectId, settings }, ctx) {
    ctx.projects.get(projectId);
    return queueJob(ctx, projectId, 'export', settings);
  },
  list: ({ projectId }, ctx) => listExports(ctx.projects.get(projectId).db),
};
