/**
 * Reading what `ffmpeg -i` prints about its input, and the packet timestamps of a `framecrc`
 * stream copy. Pure functions, so they are tested against the real output of every ffmpeg the
 * tests can find (4.x prints streams with four spaces and a `rotate` tag, 5.x and later with two
 * spaces, `[0x1]` stream ids and a display matrix only).
 *
 * Only the text before "Output #0" / "Stream mapping:" describes the input; the output dump
 * repeats stream lines and must not be read as input.
 */

/** One stream line of the input dump. */
export interface ParsedStream {
  /** Absolute stream index, as in `-map 0:N`. */
  index: number;
  kind: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment';
  codec: string;
  /** Cover art in audio files: a video stream of one picture, not footage. */
  attachedPic: boolean;
  width?: number;
  height?: number;
  pixFmt?: string;
  /** Sample (pixel) aspect ratio; 1 for square pixels. */
  sampleAspect?: number;
  /** ffmpeg's average frame rate ("fps"). */
  fps?: number;
  /** ffmpeg's guess of the base frame rate ("tbr"). */
  tbr?: number;
  /** Clockwise rotation a player applies, in degrees 0..359. */
  rotation: number;
  tags: Record<string, string>;
}

/** A chapter of the input. */
export interface ParsedChapter {
  startSec: number;
  endSec: number;
  /** Chapter metadata; the name is `tags.title`. */
  tags: Record<string, string>;
}

/** The input as `ffmpeg -i` describes it. */
export interface ParsedInput {
  /** Demuxer name(s), e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  format: string;
  durationSec: number | null;
  tags: Record<string, string>;
  chapters: ParsedChapter[];
  streams: ParsedStream[];
  /** Input stream index copied to output #0 stream 0, when ffmpeg printed a mapping. */
  mappedStream?: number;
}

const KINDS: Record<string, ParsedStream['kind']> = {
  Video: 'video', Audio: 'audio', Subtitle: 'subtitle', Data: 'data', Attachment: 'attachment',
};

/** Splits at commas outside parentheses and brackets. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth += 1;
    if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts;
}

/** "25", "29.97", "1k" (ffmpeg abbreviates thousands) to a number. */
function rate(text: string): number {
  return text.endsWith('k') ? Number(text.slice(0, -1)) * 1000 : Number(text);
}

function parseStream(index: number, kind: ParsedStream['kind'], description: string): ParsedStream {
  const parts = topLevelParts(description);
  const last = parts[parts.length - 1] ?? '';
  const stream: ParsedStream = {
    index,
    kind,
    codec: (parts[0] ?? '').split(/[\s(]/)[0] ?? '',
    attachedPic: /\(attached pic\)/.test(last),
    rotation: 0,
    tags: {},
  };
  if (kind !== 'video') return stream;
  for (const [i, part] of parts.entries()) {
    const size = /^(\d+)x(\d+)/.exec(part);
    if (size && stream.width === undefined) {
      stream.width = Number(size[1]);
      stream.height = Number(size[2]);
    }
    // "[SAR 1:1 DAR 4:3]" after the size, or "SAR 1:1 DAR 4:3" as a part of its own (Matroska).
    const sar = /(?:^|\[)SAR (\d+):(\d+)/.exec(part);
    if (sar && Number(sar[1]) > 0 && Number(sar[2]) > 0) stream.sampleAspect = Number(sar[1]) / Number(sar[2]);
    const fps = /^([\d.]+k?) fps$/.exec(part);
    if (fps) stream.fps = rate(fps[1] as string);
    const tbr = /^([\d.]+k?) tbr$/.exec(part);
    if (tbr) stream.tbr = rate(tbr[1] as string);
    const pixFmt = /^([a-z0-9_]+)(\(|$)/.exec(part);
    if (i === 1 && pixFmt && pixFmt[1] !== 'none') stream.pixFmt = pixFmt[1];
  }
  return stream;
}

/** Degrees clockwise in 0..359, rounded to whole degrees. */
function clockwise(degrees: number): number {
  return ((Math.round(degrees) % 360) + 360) % 360;
}

/** Parses ffmpeg's description of input #0 from its stderr; undefined when there is none. */
export function parseInputDump(stderr: string): ParsedInput | undefined {
  const lines = stderr.split(/\r?\n/);
  const start = lines.findIndex((line) => /^Input #0, /.test(line));
  if (start < 0) return undefined;
  const header = /^Input #0, (.+), from '/.exec(lines[start] as string);
  const input: ParsedInput = { format: header?.[1] ?? 'unknown', durationSec: null, tags: {}, chapters: [], streams: [] };
  let owner: { tags: Record<string, string> } = input;
  let section: 'none' | 'metadata' | 'side' = 'none';
  let lastKey: string | undefined;
  let displayRotation: number | undefined;
  const finishStream = (): void => {
    const stream = input.streams[input.streams.length - 1];
    // The display matrix is authoritative; the `rotate` tag is what ffmpeg 4.x also prints.
    if (stream && displayRotation !== undefined) stream.rotation = clockwise(-displayRotation);
    else if (stream?.tags.rotate !== undefined) stream.rotation = clockwise(Number(stream.tags.rotate) || 0);
    displayRotation = undefined;
  };
  for (const line of lines.slice(start + 1)) {
    if (/^(Output #\d|Stream mapping:|Press \[q\])/.test(line)) break;
    const stream = /^\s*Stream #0:(\d+)(?:\[[^\]]*\])?(?:\([^)]*\))?: (\w+): (.*)$/.exec(line);
    if (stream) {
      finishStream();
      const parsed = parseStream(Number(stream[1]), KINDS[stream[2] as string] ?? 'data', stream[3] as string);
      input.streams.push(parsed);
      owner = parsed;
      section = 'none';
      continue;
    }
    const chapter = /^\s*Chapter #0:\d+: start (-?[\d.]+), end (-?[\d.]+)/.exec(line);
    if (chapter) {
      const parsed: ParsedChapter = { startSec: Number(chapter[1]), endSec: Number(chapter[2]), tags: {} };
      input.chapters.push(parsed);
      owner = parsed;
      section = 'none';
      continue;
    }
    const duration = /^\s*Duration: (N\/A|(\d+):(\d{2}):(\d{2}(?:\.\d+)?)), (?:start|bitrate)/.exec(line);
    if (duration) {
      if (duration[1] !== 'N/A') {
        input.durationSec = Number(duration[2]) * 3600 + Number(duration[3]) * 60 + Number(duration[4]);
      }
      section = 'none';
      continue;
    }
    if (/^\s*Metadata:\s*$/.test(line)) {
      section = 'metadata';
      lastKey = undefined;
      continue;
    }
    if (/^\s*Side data:\s*$/.test(line)) {
      section = 'side';
      continue;
    }
    if (section === 'side') {
      const matrix = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(line);
      if (matrix) displayRotation = Number(matrix[1]);
      continue;
    }
    if (section !== 'metadata') continue;
    const entry = /^\s*(\S[^:]*?)?\s*: (.*)$/.exec(line);
    if (!entry) continue;
    const value = entry[2] as string;
    if (entry[1] === undefined) {
      // A continuation line of a multi-line value.
      if (lastKey !== undefined) owner.tags[lastKey] += `\n${value}`;
      continue;
    }
    lastKey = entry[1];
    owner.tags[lastKey] = value;
  }
  finishStream();
  const mapping = /^\s*Stream #0:(\d+) -> #0:0\b/m.exec(stderr);
  if (mapping) input.mappedStream = Number(mapping[1]);
  return input;
}

/** Frame timing read from packet timestamps. */
export interface TimestampStats {
  /** Frames per second over the packets seen. */
  fps: number;
  /** True when frame intervals differ by more than rounding. */
  vfr: boolean;
  packets: number;
}

/**
 * Reads `-f framecrc` output (`#tb 0: 1/12800` then `stream, dts, pts, duration, size, crc`) and
 * judges the frame rate from presentation timestamps. Intervals may differ by one tick of the
 * time base (1/1000 s containers store 29.97 fps as 33 and 34 ms) or 2 % before a file counts
 * as variable frame rate. Undefined with fewer than three timestamps.
 */
export function timestampStats(framecrc: string): TimestampStats | undefined {
  const tb = /^#tb 0: (\d+)\/(\d+)/m.exec(framecrc);
  if (!tb) return undefined;
  const tick = Number(tb[1]) / Number(tb[2]);
  const pts: number[] = [];
  for (const line of framecrc.split('\n')) {
    if (line.startsWith('#')) continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields[0] !== '0' || fields.length < 5) continue;
    const value = Number(fields[2]);
    if (Number.isFinite(value)) pts.push(value);
  }
  const sorted = [...new Set(pts)].sort((a, b) => a - b);
  if (sorted.length < 3 || !(tick > 0)) return undefined;
  const gaps = sorted.slice(1).map((value, i) => value - (sorted[i] as number));
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] as number;
  const tolerance = Math.max(1, 0.02 * median);
  const vfr = gaps.some((gap) => Math.abs(gap - median) > tolerance);
  const span = ((sorted[sorted.length - 1] as number) - (sorted[0] as number)) * tick;
  return { fps: span > 0 ? (sorted.length - 1) / span : 0, vfr, packets: sorted.length };
}
