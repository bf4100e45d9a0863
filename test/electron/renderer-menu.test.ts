// The renderer's side of the desktop menu without a browser: each `menu` command the Electron
// shell sends is carried out on a real project session over the real services (File > New and
// Open leave the open project, asking first when a job runs; Export shows the Export view; Edit
// > Undo and Redo go to the focused text field or else to the storyboard editor, whose edits
// reach the project store).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCall } from '../../main/services/index';
import { createApi, menuEvent, type Api, type ApiError } from '../../preload/api';
import { LEAVE_RUNNING_QUESTION } from '../../renderer/src/features/project/leave-project';
import { performMenuCommand, type MenuCommand, type MenuShell } from '../../renderer/src/features/menu/menu-commands';
import { ProjectSession } from '../../renderer/src/features/project/project-session';
import type { ProjectInfo } from '../../renderer/src/shared/types';
import { tempSession, type TempSession } from './helpers';

/** A shell that records what the dispatch asked of the page. */
class RecordingShell implements MenuShell {
  current: ProjectSession | undefined;
  shown: ProjectInfo[] = [];
  newForms = 0;
  questions: string[] = [];
  answer = false;
  focusInField = false;
  textEdits: string[] = [];
  reports: ApiError[] = [];

  session = () => this.current;
  showProject = (project: ProjectInfo) => void this.shown.push(project);
  showNewProjectForm = () => void this.newForms++;
  confirm = (question: string) => {
    this.questions.push(question);
    return this.answer;
  };
  typing = () => this.focusInField;
  editText = (which: 'undo' | 'redo') => void this.textEdits.push(which);
  report = (error: ApiError) => void this.reports.push(error);
}

let temp: TempSession;
let api: Api;
let shell: RecordingShell;

beforeEach(() => {
  temp = tempSession();
  // The renderer's Api over the services themselves: the same contract both transports carry.
  api = createApi({
    invoke: (channel, input) => handleCall(channel, input, temp.ctx),
    subscribe: (event, handler) => temp.ctx.bus.on(event, handler),
    mediaUrl: (projectId, path) => `${projectId}/${path}`,
  });
  shell = new RecordingShell();
});
afterEach(() => temp.dispose());

async function openSession(name: string): Promise<ProjectSession> {
  const created = await api.projects.create({ name });
  if (!created.ok) throw new Error(created.error.message);
  const opened = await ProjectSession.open(api, created.value);
  if (!opened.ok) throw new Error(opened.error.message);
  shell.current = opened.value;
  return opened.value;
}

const perform = (command: MenuCommand) => performMenuCommand(api, menuEvent.parse(command), shell);

/** The captions the project store holds, once the editor's edits have been answered. */
async function storedTexts(session: ProjectSession, projectId = session.projectId): Promise<string[]> {
  await session.editor.whenSaved();
  const listed = await api.storyboard.list({ projectId });
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value.map((caption) => caption.text);
}

/** Shows a job of the session as running, the way the job board learns it from the events. */
function markRunning(session: ProjectSession): void {
  const time = new Date().toISOString();
  session.jobs.upsert([
    { id: 1, kind: 'generate', params: {}, status: 'running', progress: 0.5, step: 1, total: 2, message: null, error: null, createdAt: time, startedAt: time, finishedAt: null },
  ]);
}

describe('Edit > Undo and Redo', () => {
  it("undo and redo the storyboard editor's edits, which reach the project", async () => {
    const session = await openSession('Undo');
    session.editor.add({ startSec: 0, endSec: 2, text: 'a lighthouse at dusk', transition: 'continuous' });
    expect(await storedTexts(session)).toEqual(['a lighthouse at dusk']);
    await perform({ command: 'edit.undo' });
    expect(session.editor.get().captions).toEqual([]);
    expect(await storedTexts(session)).toEqual([]);
    await perform({ command: 'edit.redo' });
    expect(await storedTexts(session)).toEqual(['a lighthouse at dusk']);
    expect(shell.textEdits).toEqual([]);
  });

  it('belong to the focused text field while one has the focus, on any screen', async () => {
    shell.focusInField = true;
    await perform({ command: 'edit.undo' });
    const session = await openSession('Typing');
    session.editor.add({ startSec: 0, endSec: 1, text: 'kept', transition: 'cut' });
    await perform({ command: 'edit.undo' });
    await perform({ command: 'edit.redo' });
    expect(shell.textEdits).toEqual(['undo', 'undo', 'redo']);
    expect(await storedTexts(session)).toEqual(['kept']);
  });
});

describe('File > Export Video', () => {
  it("shows the open project's Export view and does nothing on the home screen", async () => {
    await perform({ command: 'project.export' });
    const session = await openSession('Export');
    expect(session.view.get()).toBe('storyboard');
    await perform({ command: 'project.export' });
    expect(session.view.get()).toBe('export');
  });
});

describe('File > New Project', () => {
  it('saves and closes the open project, then shows the new-project form', async () => {
    const session = await openSession('Left');
    session.editor.add({ startSec: 0, endSec: 1, text: 'saved before closing', transition: 'cut' });
    await perform({ command: 'project.new' });
    expect(shell.newForms).toBe(1);
    expect(shell.questions).toEqual([]);
    expect(await api.projects.getSettings({ projectId: session.projectId })).toMatchObject({ ok: false, error: { code: 'not_open' } });
    const reopened = await api.projects.open({ path: session.info.path });
    if (!reopened.ok) throw new Error(reopened.error.message);
    expect(await storedTexts(session, reopened.value.id)).toEqual(['saved before closing']);
  });

  it('asks first when a job is running, and stays when the user says no', async () => {
    const session = await openSession('Busy');
    markRunning(session);
    await perform({ command: 'project.new' });
    expect(shell.questions).toEqual([LEAVE_RUNNING_QUESTION]);
    expect(shell.newForms).toBe(0);
    expect((await api.projects.getSettings({ projectId: session.projectId })).ok).toBe(true);
    shell.answer = true;
    await perform({ command: 'project.new' });
    expect(shell.newForms).toBe(1);
    expect((await api.projects.getSettings({ projectId: session.projectId })).ok).toBe(false);
  });
});

describe('File > Open Project and Open Recent', () => {
  it('opens the chosen project from the home screen, and reports a folder that is not one', async () => {
    const created = await api.projects.create({ name: 'Chosen' });
    if (!created.ok) throw new Error(created.error.message);
    await api.projects.close({ projectId: created.value.id });
    await perform({ command: 'project.open', path: created.value.path });
    expect(shell.shown.map((project) => project.path)).toEqual([created.value.path]);
    await perform({ command: 'project.open', path: `${temp.home}/nothing-here.longshot` });
    expect(shell.reports).toHaveLength(1);
    expect(shell.shown).toHaveLength(1);
  });

  it('replaces the open project, closing it only once the other one has opened', async () => {
    const first = await openSession('First');
    const second = await api.projects.create({ name: 'Second' });
    if (!second.ok) throw new Error(second.error.message);
    await api.projects.close({ projectId: second.value.id });

    // A folder that cannot be opened keeps the current project open and says why in its header.
    await perform({ command: 'project.open', path: `${temp.home}/missing.longshot` });
    expect(first.problem.get()).not.toBeNull();
    expect((await api.projects.getSettings({ projectId: first.projectId })).ok).toBe(true);

    // The project already open is not opened again.
    await perform({ command: 'project.open', path: first.info.path });
    expect(shell.shown).toEqual([]);

    await perform({ command: 'project.open', path: second.value.path });
    expect(shell.shown.map((project) => project.name)).toEqual(['Second']);
    expect((await api.projects.getSettings({ projectId: first.projectId })).ok).toBe(false);
  });

  it('asks before leaving a project whose job runs, and opens nothing when the user says no', async () => {
    const first = await openSession('Running');
    const other = await api.projects.create({ name: 'Other' });
    if (!other.ok) throw new Error(other.error.message);
    await api.projects.close({ projectId: other.value.id });
    markRunning(first);
    await perform({ command: 'project.open', path: other.value.path });
    expect(shell.questions).toEqual([LEAVE_RUNNING_QUESTION]);
    expect(shell.shown).toEqual([]);
    expect((await api.projects.getSettings({ projectId: first.projectId })).ok).toBe(true);
  });
});
