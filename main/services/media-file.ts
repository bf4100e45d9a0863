/**
 * Maps (project handle, media path) to a file, for the transports' media routes. Media paths
 * are relative to the project folder, as the store keeps them ('media/previews/0003.png'); only
 * files under the project's media folder are served, never project.db or anything else.
 */
import type { ServiceContext } from './context';
import { resolveMediaPath } from './media-path';

/** The real path of a media file of an open project; throws ServiceError or MediaPathError. */
export function projectMediaFile(ctx: ServiceContext, projectId: string, encodedPath: string): string {
  const project = ctx.projects.get(projectId);
  return resolveMediaPath(project.path, encodedPath, project.mediaDir);
}
