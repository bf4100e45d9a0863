/** The editor's StoryboardBackend on the Api: one storyboard call per method. */
import type { Api } from '../../../preload/api';
import type { StoryboardBackend } from './editor-core';

/** Saves the storyboard of project `projectId` through `api`. */
export function apiBackend(api: Api, projectId: string): StoryboardBackend {
  return {
    list: () => api.storyboard.list({ projectId }),
    add: (caption) => api.storyboard.add({ projectId, caption }),
    update: (id, patch) => api.storyboard.update({ projectId, id, patch }),
    remove: (id) => api.storyboard.delete({ projectId, id }),
    replace: (captions) => api.storyboard.replace({ projectId, captions: [...captions] }),
  };
}
