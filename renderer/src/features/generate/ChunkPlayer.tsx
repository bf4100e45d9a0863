/**
 * Plays the current take's video as it grows: each finished chunk's preview strip holds its
 * frames side by side, drawn one after another on a canvas at the model's frame rate, scaled
 * without smoothing. New chunks join the loop as they arrive.
 */
import { useEffect, useRef, useState } from 'react';
import type { Chunk } from '../project/project-session';
import { useSession } from '../project/session-context';

interface Props {
  chunks: readonly Chunk[];
  fps: number;
  width: number;
  height: number;
}

export function ChunkPlayer({ chunks, fps, width, height }: Props) {
  const session = useSession();
  const canvas = useRef<HTMLCanvasElement>(null);
  const images = useRef(new Map<string, HTMLImageElement>());
  const [playing, setPlaying] = useState(true);
  const [frame, setFrame] = useState(0);
  const frames = chunks.length === 0 ? 0 : (chunks.at(-1) as Chunk).frameEnd;

  useEffect(() => {
    for (const chunk of chunks) {
      if (!chunk.previewPath || images.current.has(chunk.previewPath)) continue;
      const image = new Image();
      image.src = session.api.mediaUrl(session.projectId, chunk.previewPath);
      images.current.set(chunk.previewPath, image);
    }
  }, [chunks, session]);

  useEffect(() => {
    if (!playing || frames === 0) return;
    const timer = setInterval(() => setFrame((f) => (f + 1) % frames), 1000 / fps);
    return () => clearInterval(timer);
  }, [playing, frames, fps]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const shown = frames === 0 ? 0 : frame % frames;
    const chunk = chunks.find((c) => shown >= c.frameStart && shown < c.frameEnd);
    const image = chunk?.previewPath ? images.current.get(chunk.previewPath) : undefined;
    context.imageSmoothingEnabled = false;
    context.fillStyle = '#000';
    context.fillRect(0, 0, width, height);
    if (chunk && image?.complete && image.naturalWidth > 0) {
      context.drawImage(image, (shown - chunk.frameStart) * width, 0, width, height, 0, 0, width, height);
    }
  }, [frame, frames, chunks, width, height]);

  return (
    <div className="player">
      <canvas ref={canvas} width={width} height={height} className="pixelated player-canvas" aria-label="Generated video" />
      <div className="player-bar">
        <button type="button" className="small" onClick={() => setPlaying(!playing)} disabled={frames === 0}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <span className="muted">
          {frames === 0 ? 'No frames yet' : `frame ${(frame % frames) + 1} of ${frames} · ${(frames / fps).toFixed(2)} s generated`}
        </span>
      </div>
    </div>
  );
}
