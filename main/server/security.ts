/**
 * Who may talk to the local server (reliability.md, "Local server"): a request must come to a
 * host name we serve (so a DNS-rebinding page cannot reach us under its own name), must not
 * carry a foreign Origin, and, for the API, events and media, must present the session token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The outcome of a check: allowed, or refused with the HTTP status to answer. */
export type Verdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** A fresh random session token (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The token of a request: `Authorization: Bearer T` or the `token` query parameter. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const url = new URL(req.url ?? '/', 'http://placeholder');
  return url.searchParams.get('token') ?? undefined;
}

/** Checks requests against one session's token, host names and origin. */
export class SessionGuard {
  private readonly tokenDigest: Buffer;

  /**
   * `boundHost` is the address the server listens on; `anyHost` is true when it listens on all
   * interfaces, where any Host name may be right and only the Origin/Host match and the token
   * protect the session.
   */
  constructor(
    readonly token: string,
    private readonly port: number,
    private readonly boundHost: string,
    private readonly anyHost: boolean,
  ) {
    this.tokenDigest = digest(token);
  }

  private hostAllowed(host: string | undefined): host is string {
    if (host === undefined) return false;
    if (this.anyHost) return true;
    const names = isLoopback(this.boundHost) ? LOOPBACK_NAMES : [this.boundHost.includes(':') ? `[${this.boundHost}]` : this.boundHost];
    return names.some((name) => host === `${name}:${this.port}`);
  }

  /** Host and Origin only: what static files of the page need (the page carries no token yet). */
  checkOrigin(req: IncomingMessage): Verdict {
    const host = req.headers.host;
    if (!this.hostAllowed(host)) return { ok: false, status: 403, message: 'unknown host name' };
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return { ok: false, status: 403, message: 'foreign origin' };
    return { ok: true };
  }

  /** Host, Origin and the session token: what the API, events and media need. */
  checkRequest(req: IncomingMessage): Verdict {
    const origin = this.checkOrigin(req);
    if (!origin.ok) return origin;
    const token = presentedToken(req);
    // Compared as fixed-length digests, in constant time, so timing tells nothing about the token.
    if (token === undefined || !timingSafeEqual(digest(token), this.tokenDigest)) {
      return { ok: false, status: 401, message: 'missing or wrong session token' };
    }
    return { ok: true };
  }
}
