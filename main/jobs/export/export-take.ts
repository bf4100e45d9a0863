/**
 * Exporting a take: its frames to an MP4 (H.264, yuv420p, CRF, frame rate, integer upscale,
 * `+faststart`), SRT and WebVTT subtitles and chapters from its storyboard, provenance in the MP4
 * tags and in the project's exports table.
 *
 * All or nothing: the frames are checked and hashed before ffmpeg starts (a damaged take fails
 * at once), subtitles are written atomically first (small, so a full disk shows up before the
 * long encode), the MP4 is written under a temporary name and renamed when complete (encodeMp4),
 * and the export is recorded last. A failure at any step removes what this export had already
 * put at its final paths, so no partial or orphaned file is left behind.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fsyncDir, writeFileAtomic, type CheckpointIo } from '../../engine/checkpoint/atomic';
import { encodeMp4, hashFrames, MediaError, toSrt, toWebVtt, type Caption, type UpscaleFilter } from '../../media/index';
import { addExport, getRun, getTake, listFootage, type ExportRecord, type Take } from '../../project/index';
import type { ProjectFiles } from '../generation/chunk-store';
import { parsePlan, takeOverrides } from '../generation/plan';
import { latestTake } from '../generation/takes';
import { ExportError } from './errors';
import { plannedIdentity } from './model-identity';
import { provenanceTags } from './provenance-tags';
import { buildProvenance, provenanceJson, type Provenance } from './provenance';
import { TakeFrames } from './take-frames';
import { exportChapters, exportCaptions } from './timeline';

/** Which subtitle files to write beside the MP4. */
export type SubtitleChoice = 'none' | 'srt' | 'vtt' | 'both';

/** What to export and how. */
export interface ExportRequest {
  /** The take; by default the current take of the newest run. */
  takeId?: number;
  /** Absolute path of the MP4 to write (subtitles go beside it, same name). */
  out: string;
  /** x264 constant rate factor 0..51; default 18. */
  crf?: number;
  /** Output frame rate; by default the take's. Frames are repeated or dropped, never blended. */
  fps?: number;
  /** Integer upscale; default none. */
  upscale?: { factor: number; filter: UpscaleFilter };
  /** Default 'both'. */
  subtitles?: SubtitleChoice;
  /** MP4 chapters, one per caption (timeline.ts); default true. */
  chapters?: boolean;
}

/** Where an export stands: checking (and hashing) frames, then encoding them. */
export interface ExportProgress {
  stage: 'checking' | 'encoding';
  /** Steps done of `total` over both stages. */
  done: number;
  total: number;
}

/** How an export runs. */
export interface ExportOptions {
  /** The engine backend that generated the take, for provenance. */
  backend: string;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** ffmpeg to use; located when absent. */
  ffmpegPath?: string;
  /** File-system hooks of the subtitle writes; tests inject a failing write. */
  io?: CheckpointIo;
}

/** A finished export. */
export interface ExportOutcome {
  record: ExportRecord;
  out: string;
  subtitles: string[];
  provenance: Provenance;
  /** Frames and seconds of the MP4. */
  frames: number;
  durationSec: number;
  bytes: number;
}

/** The take and the takes it continues, root first. */
export function takeLineage(project: ProjectFiles, take: Take): Take[] {
  const lineage = [take];
  for (let parent = take.parentTakeId; parent !== null; parent = (lineage[0] as Take).parentTakeId) {
    lineage.unshift(getTake(project.db, parent));
  }
  return lineage;
}

/** The take an export of `takeId` means: that take, or the newest run's current one. Throws 'no_take'. */
export function exportedTake(project: ProjectFiles, takeId: number | undefined): Take {
  try {
    return takeId === undefined ? latestTake(project.db) : getTake(project.db, takeId);
  } catch (error) {
    const what = takeId === undefined ? 'nothing has been generated in this project yet' : `there is no take ${takeId}`;
    throw new ExportError('no_take', `cannot export: ${what}`, { cause: error });
  }
}

function validate(request: ExportRequest): void {
  if (!isAbsolute(request.out) || !/\.mp4$/i.test(request.out)) {
    throw new ExportError('invalid_settings', `the output must be an absolute path ending in .mp4, got '${request.out}'`);
  }
  if (request.fps !== undefined && !(request.fps > 0 && request.fps <= 120)) {
    throw new ExportError('invalid_settings', `the frame rate must be in (0, 120], got ${request.fps}`);
  }
}

function cancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MediaError('cancelled', 'export cancelled');
}

/** Frames at `fps` from frames at the take's rate: the latest source frame at each output time. */
function* resampled(frames: TakeFrames, fps: number, count: number): Generator<Uint8Array> {
  const ratio = frames.format.fps / fps;
  for (let j = 0; j < count; j += 1) yield frames.read(Math.min(frames.frameCount - 1, Math.floor(j * ratio + 1e-9)));
}

/** Writes the chosen subtitle files atomically, adding each path to `written` once it is in place. */
function writeSubtitles(out: string, choice: SubtitleChoice, captions: readonly Caption[], io: CheckpointIo | undefined, written: string[]): void {
  const stem = out.replace(/\.mp4$/i, '');
  const files: [string, string][] = [];
  if (choice === 'srt' || choice === 'both') files.push([`${stem}.srt`, toSrt(captions)]);
  if (choice === 'vtt' || choice === 'both') files.push([`${stem}.vtt`, toWebVtt(captions)]);
  for (const [path, text] of files) {
    writeFileAtomic(path, Buffer.from(text, 'utf8'), io);
    written.push(path);
  }
}

/**
 * The footage a run continued, as provenance records it for a re-render to import and check
 * again; null without footage, or when the clip was deleted from the project since the run.
 */
function recordedFootage(project: ProjectFiles, footageId: number | null): Provenance['footage'] {
  const clip = footageId === null ? undefined : listFootage(project.db).find((f) => f.id === footageId);
  if (!clip) return null;
  return { sourcePath: clip.sourcePath, fit: clip.fit, frameCount: clip.frameCount, fps: clip.fps, framesSha256: hashFrames(join(project.path, clip.framesPath)) };
}

/** Exports a take (see the file comment). Throws ExportError, MediaError, GenerationError or ProjectError. */
export async function exportTake(project: ProjectFiles, request: ExportRequest, options: ExportOptions): Promise<ExportOutcome> {
  validate(request);
  const take = exportedTake(project, request.takeId);
  const plan = parsePlan(getRun(project.db, take.runId).settings, take.runId);
  const frames = TakeFrames.open(project, take, plan);
  const written: string[] = [];
  try {
    const model = await plannedIdentity(plan);
    const { format } = frames;
    const fps = request.fps ?? format.fps;
    const outFrames = Math.max(1, Math.round((frames.frameCount * fps) / format.fps));
    const total = frames.frameCount + outFrames;
    const report = (stage: ExportProgress['stage'], done: number) => options.onProgress?.({ stage, done, total });
    report('checking', 0);
    const framesSha256 = await frames.hash((done) => {
      cancelled(options.signal);
      report('checking', done);
    });
    const upscale = request.upscale ?? { factor: 1, filter: 'neighbor' };
    const chapters = request.chapters ?? true;
    const provenance = buildProvenance({
      plan, lineage: takeLineage(project, take), model, backend: options.backend, footage: recordedFootage(project, plan.footageId),
      video: { ...format, frameCount: frames.frameCount, framesSha256 },
      export: { crf: request.crf ?? 18, fps, upscale, chapters },
    });
    const durationSec = outFrames / fps;
    const captions = exportCaptions(plan.storyboard, takeOverrides(project.db, take.id), durationSec);
    mkdirSync(dirname(request.out), { recursive: true });
    writeSubtitles(request.out, request.subtitles ?? 'both', captions, options.io, written);
    const encoded = await encodeMp4({
      frames: resampled(frames, fps, outFrames),
      frameCount: outFrames,
      width: format.width,
      height: format.height,
      fps,
      out: request.out,
      crf: provenance.export.crf,
      upscale,
      metadata: { title: provenance.settings.name, ...provenanceTags(JSON.stringify(provenance)) },
      chapters: chapters ? exportChapters(captions, durationSec) : [],
      signal: options.signal,
      onProgress: (p) => report('encoding', frames.frameCount + p.frames),
      ffmpegPath: options.ffmpegPath,
    });
    written.push(request.out);
    fsyncDir(dirname(request.out));
    const subtitles = written.filter((path) => path !== request.out);
    const record = addExport(project.db, {
      path: request.out,
      takeId: take.id,
      format: {
        container: 'mp4', codec: 'h264', pixFmt: 'yuv420p', width: encoded.width, height: encoded.height, fps, frames: encoded.frames,
        durationSec, crf: provenance.export.crf, upscale, chapters, subtitles,
      },
      provenance: provenanceJson(provenance),
    });
    return { record, out: request.out, subtitles, provenance, frames: encoded.frames, durationSec, bytes: encoded.bytes };
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    throw error;
  } finally {
    frames.close();
  }
}
