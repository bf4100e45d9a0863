/**
 * The two charts of the evaluation, drawn on the Canvas: a scatter of a score against memory
 * tokens (log-2 x axis, one labelled point per encoder, dashed horizontal baselines) and a grouped
 * bar chart of percentages. Every number drawn comes from the arguments; axis ranges follow the
 * data.
 */
import { Canvas, type Colour } from './canvas';
import { textWidth } from './font';

/** Colours of successive series, far apart for readers with colour-blindness. */
export const SERIES_COLOURS: readonly Colour[] = [[0, 114, 178], [213, 94, 0], [0, 158, 115], [204, 121, 167], [230, 159, 0]];
const INK: Colour = [30, 30, 30];
const GRID: Colour = [225, 225, 225];
const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { left: 70, right: 30, top: 56, bottom: 60 };

/** One point of a scatter series. */
export interface ScatterPoint {
  x: number;
  y: number;
  label?: string;
}

/** Points drawn in one colour. */
export interface ScatterSeries {
  label: string;
  points: ScatterPoint[];
}

/** A dashed horizontal reference line (a baseline). */
export interface ReferenceLine {
  label: string;
  y: number;
  /** Index into SERIES_COLOURS. */
  colour: number;
}

/** A scatter chart. */
export interface ScatterChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ScatterSeries[];
  references?: ReferenceLine[];
}

/** Rounded tick values from at or below `low` to at or above `high`, about `count` steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(low: number, high: number, count = 6): number[] {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.floor(low / step);
  const last = Math.max(first + 1, Math.ceil(high / step - 1e-9));
  return Array.from({ length: last - first + 1 }, (_, i) => (first + i) * step);
}

const tickText = (v: number): string => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1));

/** The plot area and axis titles common to both charts; returns the area's corners. */
function frame(canvas: Canvas, title: string, xLabel: string, yLabel: string): { x0: number; y0: number; x1: number; y1: number } {
  const area = { x0: MARGIN.left, y0: MARGIN.top, x1: WIDTH - MARGIN.right, y1: HEIGHT - MARGIN.bottom };
  canvas.text(WIDTH / 2, 12, title, INK, { scale: 2, align: 'middle' });
  canvas.text((area.x0 + area.x1) / 2, HEIGHT - 18, xLabel, INK, { align: 'middle' });
  canvas.text(12, (area.y0 + area.y1) / 2, yLabel, INK, { vertical: true, align: 'middle' });
  return area;
}

/**
 * Moves point labels apart vertically: points of one token count often score within a fraction
 * of a dB, and their labels would print over each other.
 */
class LabelPlacer {
  private readonly placed: { x: number; y: number; width: number }[] = [];

  /** The top edge for a label at (x, y) of `width` pixels that overlaps no label placed before. */
  place(x: number, y: number, width: number): number {
    const height = Canvas.lineHeight() + 2;
    const clashes = (top: number) => this.placed.some((p) => x < p.x + p.width && p.x < x + width && Math.abs(top - p.y) < height);
    const offsets = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1) * Math.ceil(i / 2) * height);
    const top = y + (offsets.find((dy) => !clashes(y + dy)) ?? 0);
    this.placed.push({ x, y: top, width });
    return top;
  }
}

type LegendEntry = { label: string; colour: Colour; dashed?: boolean };

/** Legend entries from (x, y) on a white ground, one under another, or side by side when `across`. */
function legend(canvas: Canvas, entries: readonly LegendEntry[], x: number, y: number, across = false): void {
  if (!across) canvas.fillRect(x - 4, y - 4, 28 + Math.max(...entries.map((e) => textWidth(e.label))), entries.length * 12 + 6, [255, 255, 255]);
  let left = x;
  entries.forEach((entry, i) => {
    const top = across ? y : y + i * 12;
    if (entry.dashed) canvas.line(left, top + 3, left + 14, top + 3, entry.colour, 2, 3);
    else canvas.fillRect(left + 3, top, 7, 7, entry.colour);
    canvas.text(left + 20, top, entry.label, INK);
    if (across) left += 36 + textWidth(entry.label);
  });
}

/** Draws a scatter chart (x on a log-2 axis) and returns its PNG bytes. */
export function scatterPng(chart: ScatterChart): Buffer {
  const canvas = new Canvas(WIDTH, HEIGHT);
  const area = frame(canvas, chart.title, chart.xLabel, chart.yLabel);
  const points = chart.series.flatMap((s) => s.points);
  const references = chart.references ?? [];
  const ys = [...points.map((p) => p.y), ...references.map((r) => r.y)];
  const yTicks = niceTicks(Math.min(...ys), Math.max(...ys));
  const [yLow, yHigh] = [yTicks[0] as number, yTicks[yTicks.length - 1] as number];
  const logs = points.map((p) => Math.log2(Math.max(p.x, 1)));
  const [xLow, xHigh] = [Math.floor(Math.min(...logs)) - 0.5, Math.ceil(Math.max(...logs)) + 0.5];
  const px = (x: number) => area.x0 + ((Math.log2(Math.max(x, 1)) - xLow) / (xHigh - xLow)) * (area.x1 - area.x0);
  const py = (y: number) => area.y1 - ((y - yLow) / (yHigh - yLow || 1)) * (area.y1 - area.y0);
  for (const tick of yTicks) {
    canvas.line(area.x0, py(tick), area.x1, py(tick), GRID);
    canvas.text(area.x0 - 6, py(tick) - 3, tickText(tick), INK, { align: 'end' });
  }
  for (let e = Math.ceil(xLow); e <= xHigh; e++) {
    canvas.line(px(2 ** e), area.y0, px(2 ** e), area.y1, GRID);
    canvas.text(px(2 ** e), area.y1 + 6, String(2 ** e), INK, { align: 'middle' });
  }
  canvas.line(area.x0, area.y1, area.x1, area.y1, INK);
  canvas.line(area.x0, area.y0, area.x0, area.y1, INK);
  for (const reference of references) {
    const colour = SERIES_COLOURS[reference.colour % SERIES_COLOURS.length] as Colour;
    canvas.line(area.x0, py(reference.y), area.x1, py(reference.y), colour, 1, 4);
  }
  const labels = new LabelPlacer();
  chart.series.forEach((series, s) => {
    const colour = SERIES_COLOURS[s % SERIES_COLOURS.length] as Colour;
    for (const point of series.points) {
      canvas.disc(px(point.x), py(point.y), 4, colour);
      if (point.label) canvas.text(px(point.x) + 7, labels.place(px(point.x) + 7, py(point.y) - 3, textWidth(point.label)), point.label, colour);
    }
  });
  legend(canvas, [
    ...chart.series.map((s, i) => ({ label: s.label, colour: SERIES_COLOURS[i % SERIES_COLOURS.length] as Colour })),
    ...references.map((r) => ({ label: r.label, colour: SERIES_COLOURS[r.colour % SERIES_COLOURS.length] as Colour, dashed: true })),
  ], area.x0 + 8, area.y0 + 6);
  return canvas.png();
}

/** A grouped bar chart of percentages. */
export interface BarChart {
  title: string;
  yLabel: string;
  /** One colour per series, in the order of each group's values. */
  series: string[];
  groups: { label: string; values: (number | null)[] }[];
}

/** Draws a grouped bar chart on a 0-100 axis and returns its PNG bytes. */
export function barPng(chart: BarChart): Buffer {
  const canvas = new Canvas(WIDTH, HEIGHT);
  const area = frame(canvas, chart.title, '', chart.yLabel);
  const py = (v: number) => area.y1 - (v / 100) * (area.y1 - area.y0);
  for (const tick of niceTicks(0, 100, 5)) {
    canvas.line(area.x0, py(tick), area.x1, py(tick), GRID);
    canvas.text(area.x0 - 6, py(tick) - 3, `${tick}%`, INK, { align: 'end' });
  }
  const slot = (area.x1 - area.x0) / chart.groups.length;
  const bar = Math.min(40, (slot * 0.8) / chart.series.length);
  chart.groups.forEach((group, g) => {
    const left = area.x0 + g * slot + (slot - bar * chart.series.length) / 2;
    group.values.forEach((value, s) => {
      if (value === null) return;
      const colour = SERIES_COLOURS[s % SERIES_COLOURS.length] as Colour;
      canvas.fillRect(left + s * bar + 1, py(value), bar - 2, area.y1 - py(value), colour);
      canvas.text(left + s * bar + bar / 2, py(value) - 10, String(Math.round(value)), INK, { align: 'middle' });
    });
    const label = group.label.length * 6 > slot ? group.label.slice(0, Math.floor(slot / 6)) : group.label;
    canvas.text(area.x0 + g * slot + slot / 2, area.y1 + 8, label, INK, { align: 'middle' });
  });
  canvas.line(area.x0, area.y1, area.x1, area.y1, INK);
  canvas.line(area.x0, area.y0, area.x0, area.y1, INK);
  legend(canvas, chart.series.map((label, i) => ({ label, colour: SERIES_COLOURS[i % SERIES_COLOURS.length] as Colour })), area.x0, 34, true);
  return canvas.png();
}
