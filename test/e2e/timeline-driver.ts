/**
 * Drives the timeline like a user's mouse: times become x positions read from the page itself
 * (the 0:00 tick of the ruler and the zoom shown in the toolbar), so the tests follow whatever
 * zoom and footage offset the page chose.
 */
import type { Locator, Page } from 'playwright-core';

/** Maps seconds to page x on the caption track. */
export interface TrackGeometry {
  x(sec: number): number;
  y: number;
}

export async function trackGeometry(page: Page): Promise<TrackGeometry> {
  const zero = await page.locator('.ruler-tick', { hasText: /^0:00$/ }).boundingBox();
  const zoomText = await page.locator('.zoom-value').textContent();
  const track = await page.getByTestId('caption-track').boundingBox();
  const pxPerSec = Number.parseFloat(zoomText ?? '');
  if (!zero || !track || !(pxPerSec > 0)) throw new Error('the timeline is not on screen');
  return { x: (sec) => zero.x + sec * pxPerSec, y: track.y + track.height / 2 };
}

/** Presses at `fromX`, moves to `toX` in small steps (as a hand does), releases. */
export async function dragBetween(page: Page, fromX: number, toX: number, y: number): Promise<void> {
  await page.mouse.move(fromX, y);
  await page.mouse.down();
  await page.mouse.move((fromX + toX) / 2, y, { steps: 4 });
  await page.mouse.move(toX, y, { steps: 4 });
  await page.mouse.up();
}

/** Drags out a new caption from `startSec` to `endSec` on the empty track and writes its text. */
export async function writeCaption(page: Page, startSec: number, endSec: number, text: string): Promise<void> {
  const track = await trackGeometry(page);
  await dragBetween(page, track.x(startSec) + 2, track.x(endSec) - 2, track.y);
  await page.getByLabel('New caption text').fill(text);
  await page.keyboard.press('Enter');
  await captionBlock(page, text).waitFor();
}

/** The block of the caption whose text is `text`. */
export function captionBlock(page: Page, text: string): Locator {
  return page.getByRole('button', { name: new RegExp(`^Caption .*: ${text}`) });
}

/** Drags the body of a caption by `deltaSec`. */
export async function moveCaption(page: Page, text: string, deltaSec: number): Promise<void> {
  const track = await trackGeometry(page);
  const box = await captionBlock(page, text).boundingBox();
  if (!box) throw new Error(`no caption "${text}"`);
  const from = box.x + box.width / 2;
  await dragBetween(page, from, from + track.x(deltaSec) - track.x(0), track.y);
}

/** Drags the end edge of a caption to `toSec`. */
export async function resizeCaptionEnd(page: Page, text: string, toSec: number): Promise<void> {
  const track = await trackGeometry(page);
  const handle = await captionBlock(page, text).locator('.caption-handle.end').boundingBox();
  if (!handle) throw new Error(`no end handle on "${text}"`);
  await dragBetween(page, handle.x + handle.width / 2, track.x(toSec), track.y);
}
