// The lock-down wiring of every web contents and of the session (window/lockdown.ts), driven
// through recorders shaped like Electron's WebContents and Session: the events the shell listens
// to, what it prevents, what it opens outside, and the handlers it installs. The rules
// themselves are tested in policy.test.ts; this checks that they are attached where Electron
// asks.
import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../main/electron/policy/origins';
import { lockDownContents, lockDownSession } from '../../main/electron/window/lockdown';

type WindowOpen = (details: { url: string }) => { action: string };

/** A web contents that records the window-open handler and lets the test emit its events. */
class RecordedContents extends EventEmitter {
  windowOpen: WindowOpen | undefined;
  setWindowOpenHandler(handler: WindowOpen): void {
    this.windowOpen = handler;
  }

  /** Emits a navigation-like event as Electron does (one details object); true when prevented. */
  fire(name: 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', url: string, isMainFrame = true): boolean {
    let prevented = false;
    this.emit(name, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function lockedContents() {
  const contents = new RecordedContents();
  const opened: string[] = [];
  const refused: string[] = [];
  lockDownContents(contents as unknown as WebContents, { openExternal: (url) => opened.push(url), refused: (what) => refused.push(what) });
  return { contents, opened, refused };
}

describe('web contents lock-down', () => {
  it('lets the app move within itself and refuses every other navigation and redirect', () => {
    const { contents, opened, refused } = lockedContents();
    expect(contents.fire('will-frame-navigate', `${APP_ENTRY_URL}#project`)).toBe(false);
    expect(contents.fire('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    // A subframe (the app has none) may not even leave for an https page.
    expect(contents.fire('will-frame-navigate', 'https://example.org/', false)).toBe(true);
    expect(opened).toEqual([]);
    expect(refused).toEqual(['navigation to file:///etc/passwd', 'navigation to http://127.0.0.1:8080/', 'navigation to https://example.org/']);
  });

  it('sends an https link to the browser instead of navigating to it', () => {
    const { contents, opened, refused } = lockedContents();
    expect(contents.fire('will-frame-navigate', 'https://example.org/docs')).toBe(true);
    expect(opened).toEqual(['https://example.org/docs']);
    expect(refused).toEqual([]);
  });

  it('never opens a window: https goes to the browser, any other scheme is dropped', () => {
    const { contents, opened, refused } = lockedContents();
    for (const url of ['https://example.org/', APP_ENTRY_URL, 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.org/']) {
      expect(contents.windowOpen?.({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.org/']);
    expect(refused).toHaveLength(4);
  });

  it('refuses to attach a webview', () => {
    const { contents, refused } = lockedContents();
    expect(contents.fire('will-attach-webview', 'about:blank')).toBe(true);
    expect(refused).toEqual(['a webview']);
  });
});

describe('session lock-down', () => {
  type HeadersCallback = (response: { responseHeaders?: Record<string, string[]> }) => void;
  type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: HeadersCallback) => void;
  type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string; isMainFrame: boolean }) => void;
  type PermissionCheck = (contents: unknown, permission: string, origin: string, details: { requestingUrl?: string; isMainFrame: boolean }) => boolean;

  function lockedSession() {
    const handlers: { headers?: HeadersListener; request?: PermissionRequest; check?: PermissionCheck; device?: () => boolean } = {};
    const session = {
      webRequest: { onHeadersReceived: (listener: HeadersListener) => (handlers.headers = listener) },
      setPermissionRequestHandler: (handler: PermissionRequest) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: PermissionCheck) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: () => boolean) => (handlers.device = handler),
    };
    lockDownSession(session as unknown as Session);
    return handlers;
  }

  it('puts the CSP on every response but the developer tools', () => {
    const { headers } = lockedSession();
    const answers: ({ responseHeaders?: Record<string, string[]> })[] = [];
    headers?.({ url: `${APP_ENTRY_URL}`, responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => answers.push(response));
    headers?.({ url: 'devtools://devtools/bundled/inspector.html' }, (response) => answers.push(response));
    expect(answers[0]?.responseHeaders?.['Content-Type']).toEqual(['text/html']);
    expect(answers[0]?.responseHeaders?.['Content-Security-Policy']?.[0]).toContain("script-src 'self'");
    expect(answers[1]).toEqual({});
  });

  it('grants permissions only by the policy, and no device access at all', () => {
    const { request, check, device } = lockedSession();
    const granted: boolean[] = [];
    request?.(null, 'fullscreen', (answer) => granted.push(answer), { requestingUrl: APP_ENTRY_URL, isMainFrame: true });
    request?.(null, 'media', (answer) => granted.push(answer), { requestingUrl: APP_ENTRY_URL, isMainFrame: true });
    request?.(null, 'fullscreen', (answer) => granted.push(answer), { requestingUrl: 'https://example.org/', isMainFrame: true });
    expect(granted).toEqual([true, false, false]);
    expect(check?.(null, 'clipboard-sanitized-write', 'app://longshot', { isMainFrame: true })).toBe(true);
    expect(check?.(null, 'clipboard-sanitized-write', 'app://longshot', { requestingUrl: APP_ENTRY_URL, isMainFrame: false })).toBe(false);
    expect(check?.(null, 'geolocation', 'app://longshot', { requestingUrl: APP_ENTRY_URL, isMainFrame: true })).toBe(false);
    expect(device?.()).toBe(false);
  });
});
