// The window factory's options, the CSP, and the URL, navigation and permission rules of the
// Electron shell, checked without Electron (the policy files do not load it).
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { CSP_DIRECTIVES, appResponseHeaders, contentSecurityPolicy } from '../../main/electron/policy/csp';
import { APP_ENTRY_URL, externalUrl, isAppUrl, navigationDecision, windowOpenDecision } from '../../main/electron/policy/origins';
import { GRANTED_PERMISSIONS, permissionDecision } from '../../main/electron/policy/permissions';
import { MIN_WINDOW, createSecureWindow } from '../../main/electron/policy/web-preferences';

/** Stands in for BrowserWindow: keeps the options the factory passes. */
class RecordedWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

describe('window factory', () => {
  const state = { x: 40, y: 30, width: 1200, height: 800, maximized: false };

  it('builds every window isolated, sandboxed, without Node, with web security', () => {
    const { options } = createSecureWindow(RecordedWindow, state, { preload: '/app/out/preload/index.cjs', devTools: false });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(options.webPreferences?.disableBlinkFeatures).toContain('Auxclick');
    expect(options.webPreferences?.enableBlinkFeatures).toBeUndefined();
    expect(options).toMatchObject({ x: 40, y: 30, width: 1200, height: 800, show: false, minWidth: MIN_WINDOW.width });
  });

  it('lets the system place a window without a remembered position and allows dev tools only when asked', () => {
    const { options } = createSecureWindow(RecordedWindow, { width: 1000, height: 700, maximized: false }, { preload: 'p', devTools: true });
    expect(options.x).toBeUndefined();
    expect(options.y).toBeUndefined();
    expect(options.webPreferences?.devTools).toBe(true);
    expect(options.webPreferences?.sandbox).toBe(true);
  });
});

describe('content security policy', () => {
  const policy = contentSecurityPolicy();
  const directive = (name: string) => CSP_DIRECTIVES.find((d) => d.startsWith(`${name} `));

  it("allows scripts only from the app itself: no inline code, no eval, nothing remote", () => {
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|https?:|\*/);
    expect(directive('default-src')).toBe("default-src 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('base-uri')).toBe("base-uri 'none'");
  });

  it('lets images and video come from the media scheme only besides the app', () => {
    expect(directive('img-src')?.split(' ')).toEqual(['img-src', "'self'", 'longshot-media:', 'data:', 'blob:']);
    expect(directive('media-src')?.split(' ')).toEqual(['media-src', "'self'", 'longshot-media:', 'blob:']);
  });

  it('is sent with every app response, with nosniff; pages are never cached', () => {
    const page = appResponseHeaders('text/html', true);
    expect(page['Content-Security-Policy']).toBe(policy);
    expect(page['X-Content-Type-Options']).toBe('nosniff');
    expect(page['Cache-Control']).toBe('no-store');
    expect(appResponseHeaders('text/javascript', false)['Cache-Control']).toContain('immutable');
  });
});

describe('origins and navigation', () => {
  it('trusts only app://longshot', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://longshot/assets/index-abc.js')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://longshot.evil.com/',
      'app://user:pw@longshot/',
      'app://longshot:8080/',
      'https://longshot/',
      'file:///etc/passwd',
      'longshot-media://abc/x.png',
      'javascript:alert(1)',
      'about:blank',
      '',
      undefined,
      42,
      'app://' + 'x'.repeat(9000),
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('opens only plain https links outside, never file:, custom schemes or credentials', () => {
    expect(externalUrl('https://arxiv.org/abs/2512.23851')).toBe('https://arxiv.org/abs/2512.23851');
    // What goes to the OS is the parsed, normalised URL, not the page's string.
    expect(externalUrl('https:///example.com/a/../b')).toBe('https://example.com/b');
    for (const url of ['http://example.com', 'file:///etc/passwd', 'smb://host/share', 'ms-settings:', 'javascript:alert(1)', 'https://u:p@example.com/', 'https://', 'not a url']) {
      expect(externalUrl(url), url).toBeUndefined();
    }
  });

  it('allows navigation within the app, sends https to the browser, denies the rest', () => {
    expect(navigationDecision('app://longshot/index.html', true)).toEqual({ action: 'allow' });
    expect(navigationDecision('https://example.com/docs', true)).toEqual({ action: 'open-external', url: 'https://example.com/docs' });
    expect(navigationDecision('http://example.com/', true)).toEqual({ action: 'deny' });
    expect(navigationDecision('file:///home/user/secret.txt', true)).toEqual({ action: 'deny' });
    expect(navigationDecision('app://evil/', true)).toEqual({ action: 'deny' });
    // A subframe may not navigate, not even within the app.
    expect(navigationDecision('app://longshot/index.html', false)).toEqual({ action: 'deny' });
    expect(navigationDecision('https://example.com/', false)).toEqual({ action: 'deny' });
  });

  it('never opens a new window: https goes to the browser, everything else is dropped', () => {
    expect(windowOpenDecision('https://example.com/')).toEqual({ action: 'open-external', url: 'https://example.com/' });
    expect(windowOpenDecision('app://longshot/index.html')).toEqual({ action: 'deny' });
    expect(windowOpenDecision('about:blank')).toEqual({ action: 'deny' });
    expect(windowOpenDecision('file:///etc/passwd')).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  const app = { requestingUrl: 'app://longshot/index.html', isMainFrame: true };

  it('denies by default, even to the app', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'midiSysex', 'openExternal', 'hid', 'serial', 'usb', 'clipboard-read', 'display-capture', 'unknown']) {
      expect(permissionDecision(permission, app), permission).toBe(false);
    }
  });

  it('grants the studio its few permissions only to the app main frame', () => {
    for (const permission of GRANTED_PERMISSIONS) {
      expect(permissionDecision(permission, app)).toBe(true);
      expect(permissionDecision(permission, { ...app, isMainFrame: false })).toBe(false);
      expect(permissionDecision(permission, { requestingUrl: 'https://example.com/', isMainFrame: true })).toBe(false);
      expect(permissionDecision(permission, { requestingUrl: undefined, isMainFrame: true })).toBe(false);
    }
    // The permission check handler passes an origin rather than a URL.
    expect(permissionDecision('fullscreen', { requestingUrl: 'app://longshot', isMainFrame: true })).toBe(true);
  });
});
