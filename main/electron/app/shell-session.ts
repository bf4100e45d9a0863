/**
 * One app session: the services (with engines in utility processes), the IPC handlers, the
 * event forwarding to windows, the two URL schemes, the log file, the menu and the crash-recovery
 * prompt, wired together once the app is ready. main.ts owns the app's lifecycle around it.
 */
import { basename } from 'node:path';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { createServiceContext, handleCall, projectMediaFile, type ServiceContext } from '../../services/index';
import { utilityProcessEngine } from '../engine/utility-engine';
import type { Dispatch } from '../ipc/guard';
import { registerCallHandlers, sendToAppWindows } from '../ipc/register';
import { installMenu } from '../menu/install';
import { handleSchemes } from '../protocols/register';
import { lockDownSession } from '../window/lockdown';
import { LogFile } from './log-file';
import { shellPaths, type ShellPaths } from './shell-paths';
import { CANCEL_BUTTON, recoveryPrompt, watchEarlierInterruptions, type InterruptedJob } from './recovery';

/** A running session of the shell. */
export interface ShellSession {
  readonly ctx: ServiceContext;
  readonly log: LogFile;
  readonly paths: ShellPaths;
  /** Stops the engine (running jobs resume next time) and closes every project. */
  close(): Promise<void>;
}

/** Calls that change the recent-projects list, after which the menu is rebuilt. */
const RECENT_CHANGING = new Set(['projects.open', 'projects.create', 'projects.forget']);

async function promptRecovery(ctx: ServiceContext, window: BrowserWindow | undefined, projectPath: string, jobs: InterruptedJob[], log: LogFile): Promise<void> {
  const name = ctx.projects.list().find(({ project }) => project.path === projectPath)?.project.name ?? basename(projectPath);
  const prompt = recoveryPrompt(name, jobs);
  const options = { type: 'warning' as const, ...prompt, defaultId: 0, cancelId: 0, noLink: true };
  const { response } = await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
  if (response !== CANCEL_BUTTON) return;
  for (const job of jobs) {
    await ctx.jobs.cancel(projectPath, job.jobId).catch((error: unknown) => {
      log.note('warn', 'recovery', `could not cancel job ${job.jobId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

/** Starts the session; call once the app is ready, before the first window. */
export async function startShellSession(options: { development: boolean; mainWindow(): BrowserWindow | undefined }): Promise<ShellSession> {
  const sessionStart = Date.now();
  const paths = shellPaths(app.getAppPath());
  const log = new LogFile(app.getPath('logs'));
  log.note('info', 'shell', `Longshot ${app.getVersion()} starting (Electron ${process.versions.electron})`);
  const ctx = createServiceContext({
    appVersion: app.getVersion(),
    writer: 'the Longshot app',
    engine: utilityProcessEngine({
      entry: paths.engineEntry,
      output: (stream, line) => log.note(stream === 'stderr' ? 'warn' : 'info', 'engine', line),
    }),
  });
  const stopLogging = ctx.bus.on('log', (record) => log.write(record));
  const stopForwarding = ctx.bus.onAny(sendToAppWindows);

  let refreshMenu: () => Promise<void> = async () => undefined;
  const dispatch: Dispatch = async (channel, rawInput) => {
    const answer = await handleCall(channel, rawInput, ctx);
    if (answer.ok && RECENT_CHANGING.has(channel)) void refreshMenu();
    return answer;
  };
  const removeHandlers = registerCallHandlers(dispatch, (message) => log.note('warn', 'ipc', message));

  lockDownSession(session.defaultSession);
  handleSchemes(session.defaultSession, {
    rendererDir: paths.rendererDir,
    mediaFile: (projectId, encodedPath) => projectMediaFile(ctx, projectId, encodedPath),
  });

  refreshMenu = installMenu({
    dispatch,
    logsDir: log.dir,
    development: options.development,
    mainWindow: options.mainWindow,
    log: (message) => log.note('warn', 'menu', message),
  });
  await refreshMenu();

  const stopRecovery = watchEarlierInterruptions(ctx.jobs, sessionStart, (projectPath, jobs) => {
    void promptRecovery(ctx, options.mainWindow(), projectPath, jobs, log);
  });

  return {
    ctx,
    log,
    paths,
    async close() {
      stopRecovery();
      removeHandlers();
      try {
        await ctx.close();
      } finally {
        stopForwarding();
        stopLogging();
        log.note('info', 'shell', 'stopped');
      }
    },
  };
}
