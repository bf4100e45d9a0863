/**
 * Applies the policy of ../policy to Electron objects: every web contents refuses navigation
 * away from the app and new windows (an https link goes to the user's browser), attaches no
 * webview; the session grants only the permissions permissionDecision allows and no devices.
 */
import { shell, type Session, type WebContents } from 'electron';
import { navigationDecision, windowOpenDecision, type NavigationDecision } from '../policy/origins';
import { permissionDecision } from '../policy/permissions';

/** Reports what was refused (to the app log). */
export type Refused = (what: string) => void;

function applyDecision(decision: NavigationDecision, url: string, prevent: () => void, refused: Refused): void {
  switch (decision.action) {
    case 'allow':
      return;
    case 'open-external':
      prevent();
      void shell.openExternal(decision.url);
      return;
    case 'deny':
      prevent();
      refused(`navigation to ${url.slice(0, 200)}`);
      return;
    default:
      return decision satisfies never;
  }
}

/** Locks down one web contents (called for every one the app creates). */
export function lockDownContents(contents: WebContents, refused: Refused): void {
  contents.on('will-frame-navigate', (event) => {
    applyDecision(navigationDecision(event.url, event.isMainFrame), event.url, () => event.preventDefault(), refused);
  });
  contents.on('will-redirect', (event) => {
    applyDecision(navigationDecision(event.url, event.isMainFrame), event.url, () => event.preventDefault(), refused);
  });
  contents.setWindowOpenHandler(({ url }) => {
    applyDecision(windowOpenDecision(url), url, () => undefined, refused);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    refused('a webview');
  });
}

/** Sets the permission handlers of a session: deny by default. */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionDecision(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionDecision(permission, { requestingUrl: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame }),
  );
  session.setDevicePermissionHandler(() => false);
}
