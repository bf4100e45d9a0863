/**
 * Finds the ffmpeg binary. Order: an explicit path (parameter, then env LONGSHOT_FFMPEG), the
 * optional `ffmpeg-static` package, `@ffmpeg-installer/ffmpeg`, then `ffmpeg` on PATH. The first
 * candidate that runs `-version` wins; an explicit path that does not run is an error rather than
 * a silent fallback, since the user asked for it.
 *
 * Probing needs no ffprobe: the npm packages ship ffmpeg alone, so probe.ts reads what
 * `ffmpeg -i` prints (see probe-parse.ts). One binary then does everything.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join, sep } from 'node:path';
import { MediaError } from './errors';
import { runGuarded } from './process';

/** Where the chosen binary came from (shown in system info). */
export type FfmpegSource = 'setting' | 'env' | 'ffmpeg-static' | 'ffmpeg-installer' | 'path';

/** The chosen ffmpeg. */
export interface FfmpegLocation {
  path: string;
  /** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.6-0+deb12u1 ...". */
  versionLine: string;
  /** The version token alone, e.g. "5.1.6-0+deb12u1" or "N-47683-g0e8eb07980-static". */
  version: string;
  source: FfmpegSource;
}

/** Options of locateFfmpeg; `env` defaults to process.env. */
export interface LocateOptions {
  explicitPath?: string;
  env?: NodeJS.ProcessEnv;
}

const ENV_VAR = 'LONGSHOT_FFMPEG';
const require = createRequire(import.meta.url);
const cache = new Map<string, Promise<FfmpegLocation>>();

/** Packaged Electron apps keep binaries outside the asar archive. */
function unpacked(path: string): string {
  return path.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
}

function fromPackage(name: 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg'): string | undefined {
  let exported: unknown;
  try {
    exported = require(name);
  } catch {
    return undefined;
  }
  const path = typeof exported === 'string' ? exported : (exported as { path?: unknown } | null)?.path;
  if (typeof path !== 'string') return undefined;
  const real = unpacked(path);
  return existsSync(real) ? real : undefined;
}

function fromPath(env: NodeJS.ProcessEnv): string | undefined {
  const names = process.platform === 'win32' ? ['ffmpeg.exe'] : ['ffmpeg'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/** Runs `-version` and returns its first line, or throws a MediaError('ffmpeg_missing'). */
async function versionOf(path: string): Promise<string> {
  const result = await runGuarded(path, ['-hide_banner', '-version'], { what: 'ffmpeg -version', timeoutMs: 10_000 });
  const line = result.stdout.toString('utf8').split('\n')[0]?.trim() ?? '';
  if (result.exitCode !== 0 || !line.startsWith('ffmpeg version')) {
    throw new MediaError('ffmpeg_missing', `${path} is not a working ffmpeg (${line || result.stderr.trim() || 'no output'})`);
  }
  return line;
}

async function locate(options: LocateOptions): Promise<FfmpegLocation> {
  const env = options.env ?? process.env;
  const explicit: [string | undefined, FfmpegSource][] = [
    [options.explicitPath, 'setting'],
    [env[ENV_VAR], 'env'],
  ];
  for (const [path, source] of explicit) {
    if (!path) continue;
    const versionLine = await versionOf(path);
    return { path, versionLine, version: versionLine.split(' ')[2] ?? '', source };
  }
  const candidates: [string | undefined, FfmpegSource][] = [
    [fromPackage('ffmpeg-static'), 'ffmpeg-static'],
    [fromPackage('@ffmpeg-installer/ffmpeg'), 'ffmpeg-installer'],
    [fromPath(env), 'path'],
  ];
  const tried: string[] = [];
  for (const [path, source] of candidates) {
    if (!path) continue;
    try {
      const versionLine = await versionOf(path);
      return { path, versionLine, version: versionLine.split(' ')[2] ?? '', source };
    } catch (error) {
      tried.push(`${path}: ${(error as Error).message}`);
    }
  }
  throw new MediaError(
    'ffmpeg_missing',
    `no working ffmpeg found (set ${ENV_VAR}, install ffmpeg-static, or put ffmpeg on PATH)${tried.length ? `; tried ${tried.join('; ')}` : ''}`,
  );
}

/**
 * Finds a working ffmpeg; the answer is cached per explicit path and env setting. A failed
 * search is not cached, so installing ffmpeg later works without a restart.
 */
export function locateFfmpeg(options: LocateOptions = {}): Promise<FfmpegLocation> {
  const env = options.env ?? process.env;
  const key = `${options.explicitPath ?? ''}\0${env[ENV_VAR] ?? ''}\0${env.PATH ?? ''}`;
  let found = cache.get(key);
  if (!found) {
    found = locate(options);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}
