/**
 * The held-out storyboards a consistency run continues, and continuing them with one model: each
 * piece is a held-out video with a revisit (segments.ts); a model continues its real opening
 * through the app's generation loop (generate.ts) and the judge reads the revisited shot
 * (score.ts). `eval consistency` runs this for each of its trained arms, `eval model` for one
 * given model with and without its memory.
 */
import { openDataset, type DatasetVideo } from '../../data/index';
import type { AttributeJudge } from '../../engine/judge/index';
import type { LoadedModel } from '../../jobs/generation/model-source';
import { EvalError } from '../errors';
import { generateContinuation, type ContinuationOptions } from './generate';
import { scoreSegment, type ConsistencyCounts } from './score';
import { findSegment, type Segment } from './segments';

/** One held-out video and the stretch of it that is generated and judged. */
export interface HeldOutPiece {
  video: DatasetVideo;
  segment: Segment;
}

/** Where the held-out pieces come from. */
export interface PieceSource {
  data: readonly string[];
  validationFraction: number;
  /** Most pieces. */
  count: number;
  chunkFrames: number;
  /** Most seconds of each revisit judged. */
  maxScoreSeconds: number;
}

/** Held-out videos with a revisit, at most `count`, in split order; 'invalid_data' when there is none. */
export function heldOutPieces(source: PieceSource): HeldOutPiece[] {
  const found: HeldOutPiece[] = [];
  for (const dir of source.data) {
    const dataset = openDataset(dir);
    for (const id of dataset.split(source.validationFraction).validation) {
      const video = dataset.video(id);
      const segment = findSegment(video, source.chunkFrames, Math.round(source.maxScoreSeconds * video.file.fps));
      if (segment && found.length < source.count) found.push({ video, segment });
    }
  }
  if (found.length === 0) throw new EvalError('invalid_data', `no held-out Storyworld video with a revisited place in ${source.data.join(', ')}`);
  return found;
}

/** Frames [from, from + count) of a video. */
function videoFrames(video: DatasetVideo, from: number, count: number): Uint8Array[] {
  const reader = video.openFrames();
  try {
    return Array.from({ length: count }, (_, i) => reader.read(from + i));
  } finally {
    reader.close();
  }
}

/** How one model continues the pieces; `onChunk` also names the video. */
export type ContinueOptions = Omit<ContinuationOptions, 'onChunk'> & { onChunk?(videoId: string, index: number, chunks: number): void };

/** Continues every piece with `loaded` and judges the revisits. */
export async function continueAndJudge(loaded: LoadedModel, pieces: readonly HeldOutPiece[], judge: AttributeJudge, options: ContinueOptions): Promise<ConsistencyCounts[]> {
  const counts: ConsistencyCounts[] = [];
  const { onChunk, ...continuation } = options;
  for (const { video, segment } of pieces) {
    options.log(`continuing ${video.id} from frame ${segment.openingFrames} for ${segment.generatedFrames} frames`);
    const generated = await generateContinuation(loaded, segment, videoFrames(video, 0, segment.openingFrames), {
      ...continuation, ...(onChunk && { onChunk: (index: number, chunks: number) => onChunk(video.id, index, chunks) }),
    });
    counts.push(scoreSegment(judge, video, segment, generated, segment.openingFrames));
  }
  return counts;
}

/** The held-out videos' own revisited frames judged the same way (the judge's ceiling), per piece. */
export function judgeReference(pieces: readonly HeldOutPiece[], judge: AttributeJudge): ConsistencyCounts[] {
  return pieces.map(({ video, segment }) => {
    const first = segment.scoredFrames[0] ?? 0;
    return scoreSegment(judge, video, segment, videoFrames(video, first, segment.scoredFrames.length), first);
  });
}
