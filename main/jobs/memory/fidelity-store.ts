/**
 * The stored fidelity strip of a take: retrieval PSNR/SSIM at regular times across its memory,
 * beside the history's mean frame as a baseline (engine.md: always report that baseline, which
 * is strong on static scenes). One JSON file per take, written atomically, in the contract's
 * shape (preload/api.ts `fidelityStrip`); no tensors here, so the service layer reads it without
 * starting the engine.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { fidelityStrip } from '../../../preload/api';
import type { Take } from '../../project/index';
import { fidelityFile, projectFile } from '../generation/paths';

/** One take's fidelity strip. */
export type FidelityStrip = z.output<typeof fidelityStrip>;

/** The stored strip of a take, or null when none was computed (or it is unreadable). */
export function readFidelityStrip(project: { path: string }, take: Pick<Take, 'runId' | 'id'>): FidelityStrip | null {
  let text: string;
  try {
    text = readFileSync(projectFile(project, fidelityFile(take)), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = fidelityStrip.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    // A torn or hand-edited file is as good as none: the strip can be computed again.
    return null;
  }
}
