/**
 * SRT and WebVTT from captions: exact text, timestamp formatting and escaping, and ffmpeg's own
 * subtitle demuxers reading them back with the same cue times.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTimestamp, toSrt, toWebVtt, type Caption } from '../../main/media/subtitles';
import { buildFfmetadata } from '../../main/media/ffmetadata';
import { ffmpegPath, tempDir } from './helpers';

const temp = tempDir('subs');
afterAll(() => temp.remove());

const captions: Caption[] = [
  { startSec: 4, endSec: 3723.0405, text: 'Later: she <returns> & waves\n\n\nagain --> home' },
  { startSec: 1.5, endSec: 3, text: 'A red figure walks in.' },
];

describe('subtitles', () => {
  it('formats timestamps with the separator of each format', () => {
    expect(formatTimestamp(1.5, ',')).toBe('00:00:01,500');
    expect(formatTimestamp(1.5, '.')).toBe('00:00:01.500');
    expect(formatTimestamp(3723.0405, ',')).toBe('01:02:03,041');
    expect(formatTimestamp(59.9996, '.')).toBe('00:01:00.000');
    expect(formatTimestamp(0, ',')).toBe('00:00:00,000');
  });

  it('writes SubRip: numbered cues sorted by start, no blank line inside a cue', () => {
    expect(toSrt(captions)).toBe(
      '1\n00:00:01,500 --> 00:00:03,000\nA red figure walks in.\n\n' +
        '2\n00:00:04,000 --> 01:02:03,041\nLater: she <returns> & waves\nagain --> home\n',
    );
  });

  it('writes WebVTT with its header and escapes', () => {
    expect(toWebVtt(captions)).toBe(
      'WEBVTT\n\n' +
        '00:00:01.500 --> 00:00:03.000\nA red figure walks in.\n\n' +
        '00:00:04.000 --> 01:02:03.041\nLater: she &lt;returns&gt; &amp; waves\nagain --&gt; home\n',
    );
  });

  it('refuses captions that end before they start', () => {
    expect(() => toSrt([{ startSec: 2, endSec: 1, text: 'x' }])).toThrow(/invalid times/);
    expect(() => buildFfmetadata({}, [{ startSec: 1, endSec: 1, title: 'x' }])).toThrow(/invalid times/);
    expect(() => buildFfmetadata({ 'bad key': 'x' }, [])).toThrow(/metadata key/);
  });

  it('is read back by ffmpeg with the same cue times', async () => {
    const ffmpeg = await ffmpegPath();
    for (const [name, text] of [['subs.srt', toSrt(captions)], ['subs.vtt', toWebVtt(captions)]] as const) {
      const file = join(temp.dir, name);
      writeFileSync(file, text);
      const srt = execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-f', 'srt', 'pipe:1'], { encoding: 'utf8' });
      const times = srt.match(/\d\d:\d\d:\d\d,\d\d\d --> \d\d:\d\d:\d\d,\d\d\d/g);
      expect([name, times]).toEqual([name, ['00:00:01,500 --> 00:00:03,000', '00:00:04,000 --> 01:02:03,041']]);
    }
  });
});
