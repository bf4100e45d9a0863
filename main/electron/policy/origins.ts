/**
 * Which URLs the app trusts, and what happens when a page tries to go somewhere. The renderer is
 * served from `app://longshot/` (a privileged standard scheme, so relative asset URLs and a
 * real origin work); only pages of that origin may call the API or receive events, no window
 * may navigate away from it, and a link to the outside opens in the user's browser only when
 * it is plain https. This file imports nothing of Electron, so the rules are tested directly.
 */

/** Scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The one host of the app scheme. */
export const APP_HOST = 'longshot';
/** The origin every trusted page has. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(raw: unknown): URL | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return undefined;
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** True for a URL of the app's own origin (no credentials, no port, no other host). */
export function isAppUrl(raw: unknown): boolean {
  const url = parse(raw);
  return (
    url !== undefined &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * The URL to hand to the operating system for an outside link, or undefined when it must not be
 * opened: only https with a host and without credentials (no file:, no custom schemes that
 * start other programs, no javascript:).
 */
export function externalUrl(raw: unknown): string | undefined {
  const url = parse(raw);
  if (!url || url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

/** What to do with a navigation or a new-window request. */
export type NavigationDecision =
  | { action: 'allow' }
  | { action: 'deny' }
  /** Denied in the app; the link opens in the user's browser. */
  | { action: 'open-external'; url: string };

/**
 * A page of the app may reload itself or move between its own pages; anything else is denied,
 * and an https link is offered to the user's browser instead. The app has no subframes, so a
 * subframe (something injected) may not navigate at all, not even to open a link outside.
 */
export function navigationDecision(target: unknown, isMainFrame: boolean): NavigationDecision {
  if (!isMainFrame) return { action: 'deny' };
  if (isAppUrl(target)) return { action: 'allow' };
  const external = externalUrl(target);
  return external ? { action: 'open-external', url: external } : { action: 'deny' };
}

/** New windows are never created by pages: an https link goes to the browser, the rest is dropped. */
export function windowOpenDecision(target: unknown): Exclude<NavigationDecision, { action: 'allow' }> {
  const external = externalUrl(target);
  return external ? { action: 'open-external', url: external } : { action: 'deny' };
}
