/**
 * Where the renderer's `Api` comes from: the Electron preload bridge when present, otherwise the
 * local server. The server's token arrives in the page address's fragment (`#token=...`), which
 * browsers never send to a server; it is moved to sessionStorage at once and the fragment cleared,
 * so it does not linger in the address bar or history, and a reload still works.
 */
import { createApi, type Api } from '../../../preload/api';
import { serverTransport } from './server-transport';

declare global {
  interface Window {
    /** Set by the Electron preload (preload/index.ts). */
    longshot?: Api;
  }
}

const TOKEN_KEY = 'longshot.token';

/** The session token of browser mode, or undefined when the page was opened without one. */
export function takeToken(): string | undefined {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** The Api of this page, or undefined in a browser that has no token. */
export function connectApi(): Api | undefined {
  if (window.longshot) return window.longshot;
  const token = takeToken();
  return token ? createApi(serverTransport(window.location.origin, token)) : undefined;
}
