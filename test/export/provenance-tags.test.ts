/**
 * Provenance in MP4 tags: long JSON with every character the ffmetadata format escapes, and
 * non-ASCII text, survives a real encode and reads back whole with readMp4Metadata, through the
 * ffmpeg this app uses (whose ffmetadata reader cuts lines at 1024 bytes) and Debian's when
 * installed. Parsing of ffmetadata text and bad part counts.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFfmetadata, readMp4Metadata } from '../../main/jobs/export/mp4-metadata';
import { PROVENANCE_PARTS_TAG, PROVENANCE_TAG, provenanceTags, provenanceText } from '../../main/jobs/export/provenance-tags';
import { encodeMp4 } from '../../main/media/index';
import { tempDir } from '../media/helpers';

const temp = tempDir('provenance-tags');
afterAll(() => temp.remove());

/** JSON of `n` captions full of escaped characters, multi-byte text and an emoji. */
function awkwardJson(n: number): string {
  const captions = Array.from({ length: n }, (_, i) => ({ i, text: `a=b; #${i} back\\slash\nnew line, café 東京 🎬 "quoted"` }));
  return JSON.stringify({ format: 'test', captions });
}

function debianFfmpeg(): string | undefined {
  try {
    execFileSync('/usr/bin/ffmpeg', ['-version'], { stdio: 'ignore' });
    return '/usr/bin/ffmpeg';
  } catch {
    return undefined;
  }
}

describe('provenance tags', () => {
  it('splits long text into parts that each fit an ffmetadata line, and joins them back', () => {
    const json = awkwardJson(60);
    const tags = provenanceTags(json);
    const parts = Number(tags[PROVENANCE_PARTS_TAG]);
    expect(parts).toBeGreaterThan(5);
    for (const [key, value] of Object.entries(tags)) {
      const escaped = value.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
      expect(Buffer.byteLength(`${key}=${escaped}\n`)).toBeLessThan(1024);
    }
    expect(provenanceText(tags)).toBe(json);
    expect(provenanceTags('{"short":true}')).toEqual({ [PROVENANCE_TAG]: '{"short":true}' });
    expect(provenanceText({})).toBeUndefined();
  });

  it('refuses a missing part or an unbelievable part count', () => {
    const tags = provenanceTags(awkwardJson(20));
    const { [`${PROVENANCE_TAG}_2`]: _dropped, ...missing } = tags;
    expect(() => provenanceText(missing)).toThrow(/longshot_provenance_2 is missing/);
    expect(() => provenanceText({ ...tags, [PROVENANCE_PARTS_TAG]: '1e9' })).toThrow(/not a part count/);
  });

  it('parses ffmetadata text: escapes, comments, chapters in their time base, stream sections skipped', () => {
    const text = [
      ';FFMETADATA1', 'title=one\\=two\\;three\\#four\\\\five\\', 'six', '# a comment', 'encoder=x',
      '[STREAM]', 'title=not global', '[CHAPTER]', 'TIMEBASE=1/90000', 'START=0', 'END=45000', 'title=half a second',
      '[CHAPTER]', 'TIMEBASE=1/1000', 'START=500', 'END=2000',
    ].join('\n');
    expect(parseFfmetadata(text)).toEqual({
      tags: { title: 'one=two;three#four\\five\nsix', encoder: 'x' },
      chapters: [{ startSec: 0, endSec: 0.5, title: 'half a second' }, { startSec: 0.5, endSec: 2, title: null }],
    });
  });

  it('survives a real MP4 and reads back whole with every ffmpeg at hand', async () => {
    const json = awkwardJson(40);
    const out = join(temp.dir, 'tags.mp4');
    const frame = new Uint8Array(32 * 32 * 3).fill(90);
    await encodeMp4({
      frames: [frame, frame], width: 32, height: 32, fps: 8, out, preset: 'ultrafast',
      metadata: provenanceTags(json), chapters: [{ startSec: 0, endSec: 0.25, title: 'first; =one' }],
    });
    const readers = [undefined, debianFfmpeg()].filter((r, i) => i === 0 || r !== undefined);
    for (const ffmpegPath of readers) {
      const metadata = await readMp4Metadata(out, { ffmpegPath });
      expect(provenanceText(metadata.tags)).toBe(json);
      expect(metadata.chapters).toEqual([{ startSec: 0, endSec: 0.25, title: 'first; =one' }]);
    }
  });

  it('reads a missing file as a typed error', async () => {
    await expect(readMp4Metadata(join(temp.dir, 'nope.mp4'))).rejects.toMatchObject({ code: 'not_found' });
  });
});
