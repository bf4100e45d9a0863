/**
 * Noise seeds of generation and retrieval, derived from (take seed, chunk or frame index) alone:
 * a resumed job needs no saved RNG state to draw exactly the noise an uninterrupted run draws,
 * and a take that starts at chunk N draws for chunk N what any take with its seed would.
 */
import { hashSeed } from '../../engine/model/params';

/** The noise seed of one chunk of a take. */
export function chunkSeed(takeSeed: number, chunkIndex: number): number {
  return hashSeed(takeSeed, `chunk:${chunkIndex}`);
}

/** The noise seed of a memory retrieval at one history frame (inspection, fidelity strip). */
export function retrievalSeed(takeSeed: number, frame: number): number {
  return hashSeed(takeSeed, `retrieval:${frame}`);
}
