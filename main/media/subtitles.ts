/**
 * Subtitles from storyboard captions: SubRip (.srt) and WebVTT (.vtt). Cues are sorted by start
 * time; blank lines inside a caption are collapsed because a blank line ends a cue in both
 * formats.
 */
import { MediaError } from './errors';

/** A storyboard caption as subtitles need it. */
export interface Caption {
  startSec: number;
  endSec: number;
  text: string;
}

/** "HH:MM:SS" plus the millisecond separator: ',' for SRT, '.' for WebVTT. */
export function formatTimestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.round(seconds * 1000);
  const ms = totalMs % 1000;
  const totalSec = Math.floor(totalMs / 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(Math.floor(totalSec / 3600))}:${pad(Math.floor(totalSec / 60) % 60)}:${pad(totalSec % 60)}${separator}${pad(ms, 3)}`;
}

function cues(captions: readonly Caption[]): Caption[] {
  for (const caption of captions) {
    if (!(Number.isFinite(caption.startSec) && caption.startSec >= 0 && caption.endSec > caption.startSec)) {
      throw new MediaError('invalid_argument', `caption '${caption.text}' has invalid times ${caption.startSec}..${caption.endSec}`);
    }
  }
  return [...captions]
    .sort((a, b) => a.startSec - b.startSec)
    .map((c) => ({ ...c, text: c.text.replace(/\r\n?/g, '\n').trim().replace(/\n\s*\n+/g, '\n') }))
    .filter((c) => c.text.length > 0);
}

/** SubRip text: numbered cues, `00:00:01,500 --> 00:00:03,000`. */
export function toSrt(captions: readonly Caption[]): string {
  return cues(captions)
    .map((c, i) => `${i + 1}\n${formatTimestamp(c.startSec, ',')} --> ${formatTimestamp(c.endSec, ',')}\n${c.text}\n`)
    .join('\n');
}

/** WebVTT escapes: markup characters as entities, and "-->" may not appear in cue text. */
function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WebVTT text: `WEBVTT` header, cues `00:00:01.500 --> 00:00:03.000`. */
export function toWebVtt(captions: readonly Caption[]): string {
  const body = cues(captions).map(
    (c) => `${formatTimestamp(c.startSec, '.')} --> ${formatTimestamp(c.endSec, '.')}\n${escapeVtt(c.text)}\n`,
  );
  return ['WEBVTT\n', ...body].join('\n');
}
