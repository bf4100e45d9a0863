/**
 * Applies the policy of ../policy to Electron objects: every web contents refuses navigation
 * away from the app and new windows (an https link goes to the user's browser), attaches no
 * webview; the session grants only the permissions permissionDecision allows, no devices, and
 * puts the app's CSP on every response. Electron is only a type here (the link opener is handed
 * in), so the wiring is tested under Node against recorders of the same shape.
 */
import type { Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../policy/csp';
import { navigationDecision, windowOpenDecision, type NavigationDecision } from '../policy/origins';
import { permissionDecision } from '../policy/permissions';

/** What the lock-down asks of the rest of the shell. */
export interface LockdownHooks {
  /** Opens a checked https link in the user's browser (Electron's shell.openExternal). */
  openExternal(url: string): void;
  /** Reports what was refused (to the app log). */
  refused(what: string): void;
}

function applyDecision(decision: NavigationDecision, url: string, prevent: () => void, hooks: LockdownHooks): void {
  switch (decision.action) {
    case 'allow':
      return;
    case 'open-external':
      prevent();
      hooks.openExternal(decision.url); // eng-disable OPEN_EXTERNAL_JS_CHECK: externalUrl() let through only https without credentials
      return;
    case 'deny':
      prevent();
      hooks.refused(`navigation to ${url.slice(0, 200)}`);
      return;
    default:
      return decision satisfies never;
  }
}

/** Locks down one web contents (called for every one the app creates). */
export function lockDownContents(contents: WebContents, hooks: LockdownHooks): void {
  contents.on('will-frame-navigate', (event) => {
    applyDecision(navigationDecision(event.url, event.isMainFrame), event.url, () => event.preventDefault(), hooks);
  });
  contents.on('will-redirect', (event) => {
    applyDecision(navigationDecision(event.url, event.isMainFrame), event.url, () => event.preventDefault(), hooks);
  });
  contents.setWindowOpenHandler(({ url }) => {
    applyDecision(windowOpenDecision(url), url, () => undefined, hooks);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    hooks.refused('a webview');
  });
}

/**
 * Sets the session's handlers: permissions denied by default, no devices, and the app's CSP on
 * every response (the app scheme sends it too; this also covers anything else that might load).
 */
export function lockDownSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    // Developer tools (development builds only) bring their own pages and policy.
    if (details.url.startsWith('devtools:')) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionDecision(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionDecision(permission, { requestingUrl: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame }),
  );
  session.setDevicePermissionHandler(() => false);
}
