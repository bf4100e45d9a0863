/** footage.*: import a clip (a job), list, caption and delete imported clips. */
import { captionFootage, deleteFootage, listFootage } from '../project/index';
import type { AreaServices } from './context';
import type { ImportJobParams } from './import-job';
import { queueJob } from './jobs';

export const footage: AreaServices<'footage'> = {
  import({ projectId, sourcePath, fit, maxSeconds }, ctx) {
    const params: ImportJobParams = { sourcePath, fit, ...(maxSeconds === undefined ? {} : { maxSeconds }) };
    return queueJob(ctx, projectId, 'import', params);
  },
  list: ({ projectId }, ctx) => listFootage(ctx.projects.get(projectId).db),
  caption: ({ projectId, id, caption }, ctx) => captionFootage(ctx.projects.get(projectId).db, id, caption),
  delete({ projectId, id }, ctx) {
    deleteFootage(ctx.projects.get(projectId).db, id);
    return {};
  },
};
