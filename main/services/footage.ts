/** footage.*: import a clip (a job), list and delete imported clips. */
import { deleteFootage, listFootage } from '../project/index';
import type { AreaServices } from './context';
import { queueJob } from './jobs';

export const footage: AreaServices<'footage'> = {
  import({ projectId, sourcePath, fit, maxSeconds }, ctx) {
    return queueJob(ctx, projectId, 'import', { sourcePath, fit, ...(maxSeconds === undefined ? {} : { maxSeconds }) });
  },
  list: ({ projectId }, ctx) => listFootage(ctx.projects.get(projectId).db),
  delete({ projectId, id }, ctx) {
    deleteFootage(ctx.projects.get(projectId).db, id);
    return {};
  },
};
