/**
 * Reads an MP4's container tags and chapters back in full, with ffmpeg's own ffmetadata writer
 * (`ffmpeg -i FILE -f ffmetadata pipe:1`). probe() cannot serve here: it reads the `ffmpeg -i`
 * dump, where ffmpeg prints at most 255 characters of a tag value, and provenance is longer.
 * The input is opened with the same guards as every untrusted read (main/media/limits.ts).
 */
import { basename } from 'node:path';
import { MediaError, errorFromStderr } from '../../media/errors';
import { locateFfmpeg } from '../../media/ffmpeg-path';
import { BASE_ARGS, DEFAULT_LIMITS, safeInputArgs } from '../../media/limits';
import { runGuarded } from '../../media/process';

/** A chapter as the file stores it. */
export interface StoredChapter {
  startSec: number;
  endSec: number;
  title: string | null;
}

/** What an MP4 says about itself. */
export interface Mp4Metadata {
  tags: Record<string, string>;
  chapters: StoredChapter[];
}

/** Options of readMp4Metadata. */
export interface ReadMetadataOptions {
  signal?: AbortSignal;
  ffmpegPath?: string;
  timeoutMs?: number;
}

/** One `key=value` line of an ffmetadata file, unescaped; `value` undefined for a header line. */
interface Entry {
  key: string;
  value: string | undefined;
}

/** Splits ffmetadata text into entries: `\` escapes the next character (newlines included). */
function entries(text: string): Entry[] {
  const out: Entry[] = [];
  let key = '';
  let value: string | undefined;
  let atStart = true;
  let comment = false;
  const end = (): void => {
    if (!comment && (key !== '' || value !== undefined)) out.push({ key, value });
    key = '';
    value = undefined;
    atStart = true;
    comment = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    let char = text[i] as string;
    if (char === '\n') {
      end();
      continue;
    }
    if (atStart && (char === ';' || char === '#')) comment = true;
    atStart = false;
    if (char === '\\' && i + 1 < text.length) {
      i += 1;
      char = text[i] as string;
    } else if (char === '=' && value === undefined) {
      value = '';
      continue;
    }
    if (value === undefined) key += char;
    else value += char;
  }
  end();
  return out;
}

function chapterFrom(fields: Map<string, string>): StoredChapter | undefined {
  const [num, den] = (fields.get('TIMEBASE') ?? '1/1000').split('/').map(Number);
  const start = Number(fields.get('START'));
  const end = Number(fields.get('END'));
  if (!(num && den && Number.isFinite(start) && Number.isFinite(end))) return undefined;
  return { startSec: (start * num) / den, endSec: (end * num) / den, title: fields.get('title') ?? null };
}

/** Parses ffmetadata text into global tags and chapters (stream sections are skipped). */
export function parseFfmetadata(text: string): Mp4Metadata {
  const tags: Record<string, string> = {};
  const chapters: StoredChapter[] = [];
  let section: 'global' | 'chapter' | 'other' = 'global';
  let fields = new Map<string, string>();
  const closeChapter = (): void => {
    if (section !== 'chapter') return;
    const chapter = chapterFrom(fields);
    if (chapter) chapters.push(chapter);
  };
  for (const { key, value } of entries(text)) {
    if (value === undefined) {
      closeChapter();
      section = key === '[CHAPTER]' ? 'chapter' : 'other';
      fields = new Map();
    } else if (section === 'global') {
      tags[key] = value;
    } else if (section === 'chapter') {
      fields.set(key, value);
    }
  }
  closeChapter();
  return { tags, chapters };
}

/** Reads the tags and chapters of a media file; throws MediaError. */
export async function readMp4Metadata(file: string, options: ReadMetadataOptions = {}): Promise<Mp4Metadata> {
  const ffmpeg = options.ffmpegPath ?? (await locateFfmpeg()).path;
  const args = [...BASE_ARGS, '-loglevel', 'error', ...safeInputArgs(file, DEFAULT_LIMITS), '-f', 'ffmetadata', 'pipe:1'];
  const result = await runGuarded(ffmpeg, args, {
    what: `read metadata of ${basename(file)}`,
    timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.probeTimeoutMs,
    signal: options.signal,
    maxStdoutBytes: 16 << 20,
  });
  if (result.exitCode !== 0) throw errorFromStderr(result.stderr, 'not_media', basename(file));
  const text = result.stdout.toString('utf8');
  if (!text.startsWith(';FFMETADATA')) throw new MediaError('not_media', `${basename(file)}: ffmpeg wrote no metadata`);
  return parseFfmetadata(text);
}
