/**
 * A project's imported footage as a training dataset: every clip's frames file with its caption.
 * A clip's caption is what the user said happens in it (footage.caption), over the whole clip;
 * a clip without one takes the storyboard's captions over its first seconds, the only words the
 * project has (they describe what is generated after the footage, so a clip caption is better).
 * Written once under the project's training folder and rewritten only when the footage, its
 * captions or the storyboard change.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFootageDataset, type CaptionRow } from '../../data/index';
import { listCaptions, listFootage, TRAINING_DIR, type Project } from '../../project/index';
import { TrainError } from '../../engine/train/index';

/** Storyboard rows inside [0, seconds), cut to it. */
function captionsFor(rows: readonly CaptionRow[], seconds: number): CaptionRow[] {
  return rows
    .filter((row) => row.startSec < seconds && row.text.trim() !== '')
    .map((row) => ({ ...row, endSec: Math.min(row.endSec, seconds) }));
}

/**
 * The dataset folder of the project's footage, written if it is missing or out of date. Throws a
 * TrainError 'invalid_data' when the project has no footage.
 */
export function projectFootageDataset(project: Project): string {
  const footage = listFootage(project.db);
  if (footage.length === 0) {
    throw new TrainError('invalid_data', `project ${project.path} has no imported footage to train on; import a clip or pass a dataset folder`);
  }
  const storyboard: CaptionRow[] = listCaptions(project.db).map(({ startSec, endSec, text, transition }) => ({ startSec, endSec, text, transition }));
  const videos = footage.map((clip) => {
    const seconds = clip.frameCount / clip.fps;
    const own: CaptionRow[] = [{ startSec: 0, endSec: seconds, text: clip.caption, transition: 'continuous' }];
    return { id: `footage-${clip.id}`, framesPath: join(project.path, clip.framesPath), storyboard: clip.caption === '' ? captionsFor(storyboard, seconds) : own };
  });
  const key = createHash('sha256').update(JSON.stringify({ videos, frames: footage.map((f) => [f.frameCount, f.importedAt]) })).digest('hex').slice(0, 12);
  const dir = join(project.path, TRAINING_DIR, `footage-${key}`);
  if (!existsSync(join(dir, 'dataset.json'))) writeFootageDataset({ dir, seed: 1, videos, force: true });
  return dir;
}
