// The shell's small parts that need no Electron: window state, the log file, the menu template,
// the crash-recovery prompt (driven by a real job host finding jobs a crash left running) and the
// staging of better-sqlite3 for Electron's ABI by `npm start`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { LogFile, formatLogLine } from '../../main/electron/app/log-file';
import { isBuiltFor, nativeStamp, stageModule } from '../../main/electron/build/electron-native';
import { CANCEL_BUTTON, recoveryPrompt, watchEarlierInterruptions, type InterruptedJob } from '../../main/electron/app/recovery';
import { menuCommand, type MenuCommand } from '../../main/electron/menu/commands';
import { MAX_RECENT_ITEMS, menuTemplate, type MenuActions } from '../../main/electron/menu/template';
import { DEFAULT_WINDOW_STATE, fitToDisplays, readWindowState, writeWindowState } from '../../main/electron/window/window-state';
import { JobHost, inProcessEngine } from '../../main/jobs/index';
import { closeProject, createJob, createProject, startJob } from '../../main/project/index';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'longshot-shell-parts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('round-trips through an atomic write that leaves no temporary file', () => {
    const file = join(dir, 'user', 'window-state.json');
    const state = { x: -1200, y: 40, width: 1300, height: 850, maximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    expect(readdirSync(join(dir, 'user'))).toEqual(['window-state.json']);
  });

  it('falls back to the default for a missing, corrupt or absurd file', () => {
    expect(readWindowState(join(dir, 'none.json'))).toEqual(DEFAULT_WINDOW_STATE);
    const file = join(dir, 'state.json');
    for (const content of ['', '{"width": 10', '[]', '{"width": 50, "height": 50, "maximized": false}', '{"width": 1e9, "height": 800, "maximized": false}']) {
      writeFileSync(file, content);
      expect(readWindowState(file), content).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('keeps a window on a screen that is still attached and re-centres one that is not', () => {
    const laptop = { x: 0, y: 0, width: 1440, height: 877 };
    const monitor = { x: 1440, y: 0, width: 2560, height: 1415 };
    const onMonitor = { x: 1600, y: 100, width: 2000, height: 1200, maximized: false };
    expect(fitToDisplays(onMonitor, [laptop, monitor])).toEqual(onMonitor);
    // The monitor is unplugged: no position (the system centres it), and no larger than the laptop.
    expect(fitToDisplays(onMonitor, [laptop])).toEqual({ width: 1440, height: 877, maximized: false });
    // Only a sliver of the title bar would be visible.
    expect(fitToDisplays({ x: 1420, y: 10, width: 800, height: 600, maximized: false }, [laptop]).x).toBeUndefined();
    expect(fitToDisplays(DEFAULT_WINDOW_STATE, [])).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('log file', () => {
  const record = { level: 'warn' as const, source: 'jobs', message: 'line one\nline two', time: '2025-11-24T12:00:00.000Z', projectId: null, jobId: 7 };

  it('writes one line per record, with the job it concerns', () => {
    expect(formatLogLine(record)).toBe('2025-11-24T12:00:00.000Z WARN  [jobs job 7] line one | line two\n');
    const log = new LogFile(join(dir, 'logs'));
    log.write(record);
    log.note('info', 'shell', 'started');
    const lines = readFileSync(log.path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/INFO {2}\[shell\] started$/);
  });

  it('rotates when the file would pass its size limit', () => {
    const log = new LogFile(join(dir, 'logs'), 'main', 400);
    for (let i = 0; i < 10; i++) log.note('info', 'test', `message ${i} ${'x'.repeat(40)}`);
    expect(readFileSync(log.path, 'utf8').length).toBeLessThanOrEqual(400);
    expect(readFileSync(join(dir, 'logs', 'main.1.log'), 'utf8')).toContain('message');
    expect(readFileSync(log.path, 'utf8')).toContain('message 9');
  });
});

describe('menu', () => {
  const sent: MenuCommand[] = [];
  const calls: string[] = [];
  const actions: MenuActions = {
    send: (command) => sent.push(menuCommand.parse(command)),
    chooseProject: () => calls.push('choose'),
    clearRecent: () => calls.push('clear'),
    showAbout: () => calls.push('about'),
    openLogsFolder: () => calls.push('logs'),
  };
  const recent = Array.from({ length: 14 }, (_, i) => ({ path: `/p/${i}.longshot`, name: `Project ${i}`, missing: i === 1 }));
  const find = (items: MenuItemConstructorOptions[], label: string) => items.find((item) => item.label === label || item.label === `&${label}`);
  const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
  const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

  it('has File, Edit, View and Help with their items and working actions', () => {
    const template = menuTemplate({ platform: 'linux', appName: 'Longshot', recent, development: false }, actions);
    const file = submenu(find(template, 'File'));
    click(find(file, 'New Project…'));
    click(find(file, 'Open Project…'));
    click(find(file, 'Export Video…'));
    const open = submenu(find(file, 'Open Recent'));
    expect(open.filter((item) => item.sublabel)).toHaveLength(MAX_RECENT_ITEMS);
    expect(find(open, 'Project 1 (missing)')?.enabled).toBe(false);
    click(find(open, 'Project 0'));
    click(find(open, 'Clear Recent'));
    const edit = submenu(find(template, 'Edit'));
    click(find(edit, 'Undo'));
    click(find(edit, 'Redo'));
    expect(find(edit, 'Undo')?.accelerator).toBe('CmdOrCtrl+Z');
    const help = submenu(find(template, 'Help'));
    click(find(help, 'About Longshot'));
    click(find(help, 'Open Logs Folder'));
    expect(sent).toEqual([
      { command: 'project.new' },
      { command: 'project.export' },
      { command: 'project.open', path: '/p/0.longshot' },
      { command: 'edit.undo' },
      { command: 'edit.redo' },
    ]);
    expect(calls).toEqual(['choose', 'clear', 'about', 'logs']);
    // Release builds have no developer tools or reload in the menu.
    const roles = submenu(find(template, 'View')).map((item) => item.role);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
  });

  it('puts the app menu first on macOS and dev tools in development', () => {
    const template = menuTemplate({ platform: 'darwin', appName: 'Longshot', recent: [], development: true }, actions);
    expect(template[0]?.label).toBe('Longshot');
    expect(submenu(find(template, 'View')).map((item) => item.role)).toContain('toggleDevTools');
    expect(submenu(find(submenu(find(template, 'File')), 'Open Recent'))).toEqual([{ label: 'No recent projects', enabled: false }]);
  });
});

describe('crash recovery', () => {
  it('words the prompt for one and for several jobs', () => {
    const one = recoveryPrompt('Harbour', [{ projectPath: '/p', jobId: 3, kind: 'generate' }]);
    expect(one.message).toBe('Longshot stopped while a job was running in "Harbour".');
    expect(one.detail).toContain('generate (job 3)');
    expect(one.buttons[CANCEL_BUTTON]).toBe('Cancel it');
    expect(recoveryPrompt('Harbour', [{ projectPath: '/p', jobId: 3, kind: 'generate' }, { projectPath: '/p', jobId: 4, kind: 'train' }]).buttons).toEqual(['Resume them', 'Cancel them']);
  });

  it('gathers the jobs an earlier run left running into one prompt per project, not this run’s own', async () => {
    const project = createProject(dir, 'Crashed');
    // Two jobs left 'running' by a process that no longer exists (a pid no system reaches).
    const left = [createJob(project.db, { kind: 'generate', params: {} }), createJob(project.db, { kind: 'train', params: {} })];
    for (const job of left) startJob(project.db, job.id, 2 ** 22 + 12345);
    const host = new JobHost({ engine: inProcessEngine({ runnerModules: [] }) });
    const batches: { path: string; jobs: InterruptedJob[] }[] = [];
    const stop = watchEarlierInterruptions(host, Date.now() + 1, (path, jobs) => batches.push({ path, jobs }));
    // The same jobs as a run that started before them would see them: its own, no prompt.
    const own: InterruptedJob[] = [];
    const stopOwn = watchEarlierInterruptions(host, 0, (_path, jobs) => own.push(...jobs));
    try {
      host.attach(project);
      await new Promise((resolve) => setImmediate(resolve));
      expect(batches).toEqual([{ path: project.path, jobs: left.map((job) => ({ projectPath: project.path, jobId: job.id, kind: job.kind })) }]);
      expect(own).toEqual([]);
    } finally {
      stop();
      stopOwn();
      await host.close();
      closeProject(project);
    }
  });
});

describe('better-sqlite3 for Electron (npm start)', () => {
  it('stages the sources without the Node build, and rebuilds when Electron or the module change', () => {
    const source = join(dir, 'node_modules', 'better-sqlite3');
    for (const folder of ['lib', 'src', 'build/Release']) mkdirSync(join(source, folder), { recursive: true });
    writeFileSync(join(source, 'package.json'), '{"name":"better-sqlite3","version":"12.9.0"}');
    writeFileSync(join(source, 'lib', 'index.js'), 'module.exports = 1;');
    writeFileSync(join(source, 'build', 'Release', 'better_sqlite3.node'), 'built for Node');
    const out = join(dir, 'out');
    const target = stageModule(source, out, '12.9.0');
    expect(target).toBe(join(out, 'node_modules', 'better-sqlite3'));
    expect(readFileSync(join(target, 'lib', 'index.js'), 'utf8')).toBe('module.exports = 1;');
    // The Node build must not stand in for the Electron one.
    expect(existsSync(join(target, 'build'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'))).toMatchObject({ dependencies: { 'better-sqlite3': '12.9.0' } });

    const stamp = nativeStamp('45.4.1', '12.9.0', 'linux', 'x64');
    expect(stamp).toBe('better-sqlite3@12.9.0 electron@45.4.1 linux-x64');
    expect(isBuiltFor(target, stamp)).toBe(false);
    writeFileSync(join(target, '.longshot-electron-build'), stamp);
    expect(isBuiltFor(target, stamp)).toBe(true);
    expect(isBuiltFor(target, nativeStamp('46.0.0', '12.9.0', 'linux', 'x64'))).toBe(false);
  });
});
