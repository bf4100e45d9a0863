/**
 * `manifest.json`, written last in a checkpoint folder: the size and sha256 of every other file.
 * Its presence marks a complete write; its sums catch files cut short or altered afterwards.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toCheckpointError } from './atomic';
import { CHECKPOINT_FORMAT_VERSION } from './config';
import { CheckpointError } from './errors';

/** The files a checkpoint folder may hold. */
export const CHECKPOINT_FILES = {
  config: 'config.json',
  model: 'model.safetensors',
  optimizer: 'optimizer.safetensors',
  state: 'state.json',
  manifest: 'manifest.json',
} as const;

const LISTABLE = new Set<string>([CHECKPOINT_FILES.config, CHECKPOINT_FILES.model, CHECKPOINT_FILES.optimizer, CHECKPOINT_FILES.state]);
const REQUIRED = [CHECKPOINT_FILES.config, CHECKPOINT_FILES.model];

/** One file as the manifest records it. */
export interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The manifest entry for a file's bytes. */
export function manifestEntry(name: string, bytes: Uint8Array): ManifestEntry {
  return { name, size: bytes.byteLength, sha256: sha256(bytes) };
}

/** Serialises a manifest of the given entries. */
export function encodeManifest(files: readonly ManifestEntry[]): Uint8Array {
  return Buffer.from(`${JSON.stringify({ formatVersion: CHECKPOINT_FORMAT_VERSION, files }, null, 2)}\n`, 'utf8');
}

function parseManifest(dir: string, path: string): ManifestEntry[] {
  const torn = (why: string): CheckpointError =>
    new CheckpointError('torn', `${path} ${why}: the checkpoint was not completely written and is refused`, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CheckpointError('torn', `${dir} has no ${CHECKPOINT_FILES.manifest}: the checkpoint was not completely written (torn) and is refused`, path);
    }
    if (error instanceof SyntaxError) throw torn('is not valid JSON');
    throw toCheckpointError(error, path, 'reading');
  }
  const { formatVersion, files } = (parsed ?? {}) as { formatVersion?: unknown; files?: unknown };
  if (typeof formatVersion === 'number' && formatVersion > CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError('unsupported_version',
      `${path} has format version ${formatVersion}; this Longshot reads up to ${CHECKPOINT_FORMAT_VERSION}: update Longshot to load it`, path);
  }
  if (!Array.isArray(files)) throw torn('lists no files');
  const seen = new Set<string>();
  for (const entry of files as Partial<ManifestEntry>[]) {
    const { name, size, sha256: sum } = entry ?? {};
    // Only known names: a manifest must not be able to point outside its folder.
    if (typeof name !== 'string' || !LISTABLE.has(name) || seen.has(name)) throw torn(`lists an unexpected file ${JSON.stringify(name)}`);
    if (!Number.isSafeInteger(size) || typeof sum !== 'string') throw torn(`has a malformed entry for ${name}`);
    seen.add(name);
  }
  for (const name of REQUIRED) if (!seen.has(name)) throw torn(`does not list ${name}`);
  return files as ManifestEntry[];
}

/**
 * Reads a checkpoint folder's files and checks each against the manifest. Returns their bytes by
 * file name, so what was verified is exactly what gets parsed. Throws CheckpointError:
 * 'not_found' (no folder), 'torn' (no or bad manifest, a file missing or of the wrong size),
 * 'tampered' (same size, different sha256), 'unsupported_version'.
 */
export function readVerifiedFiles(dir: string): Map<string, Buffer> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CheckpointError('not_found', `checkpoint folder ${dir} does not exist`, dir);
  }
  const entries = parseManifest(dir, join(dir, CHECKPOINT_FILES.manifest));
  const out = new Map<string, Buffer>();
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new CheckpointError('torn', `${path} is missing but the manifest lists it: the checkpoint is incomplete and is refused`, path);
      }
      throw toCheckpointError(error, path, 'reading');
    }
    if (bytes.byteLength !== entry.size) {
      throw new CheckpointError('torn',
        `${path} is ${bytes.byteLength} bytes but the manifest records ${entry.size} (truncated or torn write): refused`, path);
    }
    if (sha256(bytes) !== entry.sha256) {
      throw new CheckpointError('tampered', `${path} does not match its sha256 in the manifest (altered or corrupted): refused`, path);
    }
    out.set(entry.name, bytes);
  }
  return out;
}
