/** models.*: the models and checkpoints a project knows. */
import { listModels } from '../project/index';
import type { AreaServices } from './context';

export const models: AreaServices<'models'> = {
  list: ({ projectId }, ctx) => listModels(ctx.projects.get(projectId).db),
};
