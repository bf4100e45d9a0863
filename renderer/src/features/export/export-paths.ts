/** Where an exported file is, as the media route can serve it: a path relative to the project folder. */

/** `file` relative to `projectPath` with '/' separators, or null when it lies outside the project's media. */
export function mediaPathOf(projectPath: string, file: string): string | null {
  const normalise = (path: string) => path.replace(/\\/g, '/').replace(/\/+$/, '');
  const root = `${normalise(projectPath)}/`;
  const path = normalise(file);
  if (!path.startsWith(root)) return null;
  const relative = path.slice(root.length);
  return relative.startsWith('media/') ? relative : null;
}

/** A file name for an export: the project's name made safe, the take, and .mp4. */
export function defaultExportName(projectName: string, takeId: number | null): string {
  const stem = projectName.trim().replace(/[^A-Za-z0-9._ -]+/g, '').replace(/\s+/g, '-').slice(0, 80) || 'longshot';
  return `${stem}${takeId === null ? '' : `-take-${takeId}`}.mp4`;
}
