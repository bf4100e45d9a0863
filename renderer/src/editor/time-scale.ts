/**
 * Timeline geometry: seconds to pixels and back, snapping to the model's chunk grid, zoom steps
 * and the ruler's ticks. The timeline starts at `startSec`, which is negative when imported
 * footage opens the memory: the storyboard's 0 s is the first generated frame.
 */

/** How the timeline maps time to pixels. */
export interface TimeScale {
  startSec: number;
  endSec: number;
  pxPerSec: number;
}

/** Zoom levels, pixels per second. */
export const ZOOM_LEVELS: readonly number[] = [12, 18, 25, 35, 50, 70, 100, 140, 200, 280, 400];
export const DEFAULT_ZOOM = 70;

export function secToPx(scale: TimeScale, sec: number): number {
  return (sec - scale.startSec) * scale.pxPerSec;
}

export function pxToSec(scale: TimeScale, px: number): number {
  return scale.startSec + px / scale.pxPerSec;
}

/** Width of the whole timeline in pixels. */
export function scaleWidth(scale: TimeScale): number {
  return (scale.endSec - scale.startSec) * scale.pxPerSec;
}

/** Times off the grid keep hundredths of a second: finer is noise from the pointer. */
const FREE_STEP = 0.01;

/** `sec` on the chunk grid (or to the nearest hundredth when `grid` is null). */
export function snapTime(sec: number, grid: number | null): number {
  const step = grid ?? FREE_STEP;
  // Rounding the count of steps, then scaling, keeps grid times exact multiples (0.25 * 3, not 0.7500001).
  return Number((Math.round(sec / step) * step).toFixed(6));
}

/** The next zoom level in `direction` (+1 in, -1 out) from `current`. */
export function stepZoom(current: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_LEVELS.find((level) => level > current) ?? (ZOOM_LEVELS.at(-1) as number);
  return [...ZOOM_LEVELS].reverse().find((level) => level < current) ?? (ZOOM_LEVELS[0] as number);
}

/** The largest zoom level at which `seconds` fit in `widthPx`. */
export function fitZoom(seconds: number, widthPx: number): number {
  const wanted = widthPx / Math.max(seconds, 0.001);
  return [...ZOOM_LEVELS].reverse().find((level) => level <= wanted) ?? (ZOOM_LEVELS[0] as number);
}

/** One labelled tick of the ruler. */
export interface Tick {
  sec: number;
  label: string;
}

/** Label steps of the ruler, seconds; the first that leaves room for a label is used. */
const LABEL_STEPS = [0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300];
const MIN_LABEL_PX = 64;

/** m:ss, or m:ss.cc when the time has a fraction. */
export function formatTime(sec: number): string {
  const sign = sec < 0 ? '-' : '';
  const abs = Math.abs(sec);
  const minutes = Math.floor(abs / 60);
  const rest = abs - minutes * 60;
  const whole = Math.abs(rest - Math.round(rest)) < 1e-6;
  const secondsText = whole ? String(Math.round(rest)).padStart(2, '0') : rest.toFixed(2).padStart(5, '0');
  return `${sign}${minutes}:${secondsText}`;
}

/**
 * The seconds the timeline draws: what its scroll view shows, widened by `marginPx` on each side
 * so a scroll of up to that much is already drawn when it lands. Rows draw only what falls in it,
 * which keeps a long take's timeline as light as a short one's (npm run bench:timeline).
 */
export interface TimeSpan {
  fromSec: number;
  toSec: number;
}

export function visibleSpan(scale: TimeScale, scrollLeftPx: number, viewWidthPx: number, marginPx = viewWidthPx): TimeSpan {
  return {
    fromSec: Math.max(scale.startSec, pxToSec(scale, scrollLeftPx - marginPx)),
    toSec: Math.min(scale.endSec, pxToSec(scale, scrollLeftPx + viewWidthPx + marginPx)),
  };
}

/** The whole scale as a span (before the view is measured). */
export function wholeSpan(scale: TimeScale): TimeSpan {
  return { fromSec: scale.startSec, toSec: scale.endSec };
}

/** Whether [startSec, endSec] reaches into `span`. */
export function inSpan(span: TimeSpan, startSec: number, endSec: number): boolean {
  return endSec >= span.fromSec && startSec <= span.toSec;
}

/** The ruler's labelled ticks inside `span` (the whole scale by default). */
export function rulerTicks(scale: TimeScale, span: TimeSpan = wholeSpan(scale)): Tick[] {
  const step = LABEL_STEPS.find((s) => s * scale.pxPerSec >= MIN_LABEL_PX) ?? (LABEL_STEPS.at(-1) as number);
  const ticks: Tick[] = [];
  const from = Math.max(scale.startSec, span.fromSec);
  const to = Math.min(scale.endSec, span.toSec);
  for (let k = Math.ceil(from / step - 1e-9); k * step <= to + 1e-9; k++) {
    const sec = Number((k * step).toFixed(6));
    ticks.push({ sec, label: formatTime(sec) });
  }
  return ticks;
}

/** Chunk boundaries from `fromSec` inside `span` (none when they would be closer than a few pixels). */
export function gridLines(scale: TimeScale, chunkSec: number, fromSec = 0, span: TimeSpan = wholeSpan(scale)): number[] {
  if (chunkSec <= 0 || chunkSec * scale.pxPerSec < 5) return [];
  const lines: number[] = [];
  const to = Math.min(scale.endSec, span.toSec);
  for (let k = Math.max(0, Math.ceil((span.fromSec - fromSec) / chunkSec - 1e-9)); fromSec + k * chunkSec <= to + 1e-9; k++) {
    lines.push(Number((fromSec + k * chunkSec).toFixed(6)));
  }
  return lines;
}
