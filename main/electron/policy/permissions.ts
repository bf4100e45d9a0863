/**
 * Web permissions (camera, notifications, USB...) are denied by default. The app's own pages get
 * only what the studio uses: full screen for the preview player and writing to the clipboard
 * (copy a path, a seed). A page of any other origin gets nothing.
 */
import { isAppUrl } from './origins';

/** The permissions a page of the app may have; everything else is refused. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'clipboard-sanitized-write']);

/** Who asks: the URL of the requesting frame (or of the page when Electron gives no frame). */
export interface PermissionRequester {
  requestingUrl: string | undefined;
  /** False for a subframe; the app has none, so a subframe never gets anything. */
  isMainFrame: boolean;
}

/** Whether to grant `permission` to `requester`. */
export function permissionDecision(permission: string, requester: PermissionRequester): boolean {
  return requester.isMainFrame && isAppUrl(requester.requestingUrl) && GRANTED_PERMISSIONS.has(permission);
}
