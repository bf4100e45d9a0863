/**
 * ffmpeg's metadata file format (`;FFMETADATA1`), used by encodeMp4 for container tags and
 * chapters. A file rather than `-metadata` arguments so that tags and chapters travel together
 * and any text (newlines, `=`, JSON) survives by the format's own escaping.
 */
import { MediaError } from './errors';

/** One chapter of an export, usually one storyboard caption. */
export interface Chapter {
  startSec: number;
  endSec: number;
  title: string;
}

/** Escapes the characters the format gives meaning to: `=`, `;`, `#`, `\` and newline. */
function escape(text: string): string {
  return text.replace(/[=;#\\\n]/g, (ch) => `\\${ch}`);
}

/** Builds the ffmetadata text for global tags and chapters (validated, sorted by start). */
export function buildFfmetadata(tags: Record<string, string>, chapters: readonly Chapter[]): string {
  const lines = [';FFMETADATA1'];
  for (const [key, value] of Object.entries(tags)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new MediaError('invalid_argument', `metadata key '${key}' must be letters, digits, '_', '.' or '-'`);
    lines.push(`${key}=${escape(value)}`);
  }
  const sorted = [...chapters].sort((a, b) => a.startSec - b.startSec);
  for (const chapter of sorted) {
    const start = Math.round(chapter.startSec * 1000);
    const end = Math.round(chapter.endSec * 1000);
    if (!(start >= 0 && end > start)) {
      throw new MediaError('invalid_argument', `chapter '${chapter.title}' has invalid times ${chapter.startSec}..${chapter.endSec}`);
    }
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${start}`, `END=${end}`, `title=${escape(chapter.title)}`);
  }
  return `${lines.join('\n')}\n`;
}
