/**
 * The recent-projects list of the home screen: `recent.json` in appHome(), most recent first,
 * one entry per folder, written atomically. An entry whose folder has vanished (deleted, an
 * unplugged drive) is kept and reported as missing, so the user decides whether to forget it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file';
import { guard } from './errors';
import { appHome, PROJECT_DB_FILE, PROJECT_EXTENSION } from './paths';
import { nowIso } from './rows';

/** One line of the home screen. */
export interface RecentProject {
  /** The project folder. */
  path: string;
  name: string;
  openedAt: string;
  /** The folder or its project.db is gone. */
  missing: boolean;
}

/** How many projects the list remembers. */
const LIMIT = 50;

const entrySchema = z.object({ path: z.string().min(1), name: z.string(), openedAt: z.string() });
const fileSchema = z.object({ version: z.literal(1), projects: z.array(entrySchema) });
type Entry = z.output<typeof entrySchema>;

function recentFile(): string {
  return join(appHome(), 'recent.json');
}

/**
 * The stored entries. A file that cannot be parsed (edited by hand, written by an unknown
 * version) reads as an empty list and is replaced by the next write: the list is a
 * convenience, the projects themselves are untouched.
 */
function readEntries(): Entry[] {
  const file = recentFile();
  if (!existsSync(file)) return [];
  const text = guard('reading the recent projects list', () => readFileSync(file, 'utf8'));
  try {
    const parsed = fileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.projects : [];
  } catch {
    return [];
  }
}

function writeEntries(entries: Entry[]): void {
  guard('saving the recent projects list', () => {
    mkdirSync(appHome(), { recursive: true });
    writeFileAtomic(recentFile(), `${JSON.stringify({ version: 1, projects: entries.slice(0, LIMIT) }, null, 2)}\n`);
  });
}

/** A project folder from a folder or project.db path, absolute. */
function folderOf(path: string): string {
  const absolute = resolve(path);
  return basename(absolute) === PROJECT_DB_FILE ? dirname(absolute) : absolute;
}

/** Recent projects, most recent first, each flagged if it is missing. */
export function listRecentProjects(): RecentProject[] {
  return readEntries().map((e) => ({ ...e, missing: !existsSync(join(e.path, PROJECT_DB_FILE)) }));
}

/** Puts a project at the top of the list (adding it or moving it up). */
export function rememberProject(path: string, name?: string): void {
  const folder = folderOf(path);
  const entry = { path: folder, name: name ?? basename(folder, PROJECT_EXTENSION), openedAt: nowIso() };
  writeEntries([entry, ...readEntries().filter((e) => e.path !== folder)]);
}

/** Removes a project from the list (its files stay where they are). */
export function forgetProject(path: string): void {
  const folder = folderOf(path);
  writeEntries(readEntries().filter((e) => e.path !== folder));
}
