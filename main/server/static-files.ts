/**
 * Static files: the built renderer and project media. Both go through the one path check of
 * main/services/media-path.ts, so a request can never name a file outside its folder.
 */
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { BASE_HEADERS } from './http-util';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Security-Policy of the page: scripts, styles and connections only from itself. */
export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src 'self' ws://${host}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Streams a checked file with its content type; `extra` adds headers (CSP, caching). */
export function sendFile(res: ServerResponse, realPath: string, method: string, extra: Record<string, string> = {}): void {
  const size = statSync(realPath).size;
  res.writeHead(200, {
    ...BASE_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(realPath).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    ...extra,
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(realPath);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
