/** storyboard.*: caption rows, one small transaction per edit. */
import { addCaption, deleteCaption, listCaptions, replaceStoryboard, updateCaption } from '../project/index';
import type { AreaServices } from './context';

export const storyboard: AreaServices<'storyboard'> = {
  list: ({ projectId }, ctx) => listCaptions(ctx.projects.get(projectId).db),
  add: ({ projectId, caption }, ctx) => addCaption(ctx.projects.get(projectId).db, caption),
  update: ({ projectId, id, patch }, ctx) => updateCaption(ctx.projects.get(projectId).db, id, patch),
  delete({ projectId, id }, ctx) {
    deleteCaption(ctx.projects.get(projectId).db, id);
    return {};
  },
  replace: ({ projectId, captions }, ctx) => replaceStoryboard(ctx.projects.get(projectId).db, captions),
};
