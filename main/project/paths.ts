/**
 * Where projects and app data live: `appHome()` (LONGSHOT_HOME or ~/.longshot) holds
 * `recent.json` and, by default, `projects/`.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ProjectError } from './errors';

/** A project folder's suffix. */
export const PROJECT_EXTENSION = '.longshot';
/** The database inside a project folder. */
export const PROJECT_DB_FILE = 'project.db';
/** The folder inside a project for frames files, thumbnails and exports. */
export const MEDIA_DIR = 'media';
/** The folder inside a project where training keeps its datasets and runs. */
export const TRAINING_DIR = 'training';

/** The app's data folder: $LONGSHOT_HOME, or ~/.longshot. */
export function appHome(): string {
  const fromEnv = process.env.LONGSHOT_HOME;
  return fromEnv && fromEnv.trim() !== '' ? resolve(fromEnv) : join(homedir(), '.longshot');
}

/** Where new projects go unless the user picks a folder. */
export function defaultProjectsDir(): string {
  return join(appHome(), 'projects');
}

/**
 * The folder name for a project name: characters that are unsafe in file names on Windows,
 * macOS or Linux become '-', and leading/trailing dots and spaces are dropped.
 */
export function projectFolderName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.normalize('NFC').replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-').replace(/^[\s.]+|[\s.]+$/g, '');
  if (safe === '') throw new ProjectError('invalid', `'${name}' cannot be used as a project name`);
  return `${safe}${PROJECT_EXTENSION}`;
}

/**
 * Resolves what a user typed: an existing path (folder or its project.db) as is, otherwise a
 * bare name within the default projects folder.
 */
export function resolveProjectRef(ref: string): string {
  const looksLikePath = isAbsolute(ref) || /[\\/]/.test(ref) || ref.endsWith(PROJECT_EXTENSION);
  if (looksLikePath || existsSync(ref)) return resolve(ref);
  return join(defaultProjectsDir(), projectFolderName(ref));
}
