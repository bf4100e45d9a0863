/**
 * The Content-Security-Policy of the app's pages, sent as a header by the app protocol. Scripts
 * and styles come only from the app itself (no inline script, no eval), images and video also
 * from the media protocol, nothing may be framed, posted or fetched from the network.
 */
import { MEDIA_SCHEME } from '../../../preload/api';

/** The policy, one directive per entry. */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' ${MEDIA_SCHEME}: data: blob:`,
  `media-src 'self' ${MEDIA_SCHEME}: blob:`,
  "font-src 'self'",
  `connect-src 'self' ${MEDIA_SCHEME}:`,
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
];

/** The header value. */
export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.join('; ');
}

/**
 * Headers of every response of the app protocol. Besides the CSP: no content sniffing (a media
 * file is only ever what its type says) and no referrer leaking paths into requests.
 */
export function appResponseHeaders(contentType: string | null, page: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Hashed asset names never change content; the page itself must always be fresh.
    'Cache-Control': page ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(contentType ? { 'Content-Type': contentType } : {}),
  };
}
