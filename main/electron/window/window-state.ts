/**
 * The main window's size, position and maximised state, remembered between runs in a small JSON
 * file in userData. A file that is missing, corrupt or from a screen that is no longer attached
 * falls back to a centred default; writes go to a temporary file renamed into place, so a crash
 * mid-write leaves the previous state, never a torn file.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** A remembered window; no position means "let the system centre it". */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** A screen rectangle (a display's work area). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a first run gets. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };

const coordinate = z.int().min(-100_000).max(100_000);
const size = z.int().min(200).max(100_000);
const stateSchema = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: size,
  height: size,
  maximized: z.boolean(),
});

/** Reads the state file; anything unreadable or invalid gives the default. */
export function readWindowState(file: string): WindowState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { ...DEFAULT_WINDOW_STATE };
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/** Writes the state atomically (temporary file, then rename). */
export function writeWindowState(file: string, state: WindowState): void {
  const checked = stateSchema.parse(state);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(checked)}\n`, { flush: true });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Pixels of the title bar that must be on a screen for the window to be reachable. */
const MIN_VISIBLE = 64;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Makes a remembered state fit the screens attached now: a window no display shows enough of
 * loses its position (the system centres it), and none is larger than the largest work area.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return state;
  const width = Math.min(state.width, Math.max(...workAreas.map((a) => a.width)));
  const height = Math.min(state.height, Math.max(...workAreas.map((a) => a.height)));
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;
  const titleBar: Rect = { x: state.x, y: state.y, width, height: Math.min(height, MIN_VISIBLE) };
  const reachable = workAreas.some((area) => {
    const shared = overlap(titleBar, area);
    return shared.width >= MIN_VISIBLE && shared.height > 0;
  });
  return reachable ? { ...fitted, x: state.x, y: state.y } : fitted;
}
