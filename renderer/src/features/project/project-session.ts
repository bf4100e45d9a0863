/**
 * Everything the screens of one open project share, outside React: the storyboard editor, the
 * job board, the playhead, the settings and model, the current take's chunks, the imported
 * footage and the fidelity strip. It listens to the Api's events for this project and reloads
 * what an event makes stale, so every panel reads one up-to-date copy instead of fetching its own.
 */
import type { Api, ApiError, CallOutput, Result } from '../../../../preload/api';
import { apiBackend } from '../../editor/api-backend';
import { EditorCore } from '../../editor/editor-core';
import type { Span } from '../../editor/gesture';
import { DEFAULT_ZOOM } from '../../editor/time-scale';
import { Cell } from '../../shared/observable';
import type { ProjectInfo } from '../../shared/types';
import type { Load } from '../../shared/use-load';
import { JobBoard } from '../jobs/job-board';

export type Settings = CallOutput<'projects.getSettings'>;
export type ModelInfo = CallOutput<'models.describe'>;
export type Run = CallOutput<'generation.listRuns'>[number];
export type Take = CallOutput<'generation.listTakes'>[number];
export type Chunk = CallOutput<'generation.listChunks'>[number];
export type Footage = CallOutput<'footage.list'>[number];
export type FidelityStrip = NonNullable<CallOutput<'memory.fidelity'>>;

/** The screens of a project. */
export const VIEWS = ['storyboard', 'generate', 'memory', 'training', 'export', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/** The newest run, its takes, the current take and its chunks (a take's video). */
export interface TakeSnapshot {
  run: Run | null;
  takes: readonly Take[];
  take: Take | null;
  chunks: readonly Chunk[];
  /** Seconds of opening footage in that run's memory (0 without footage). */
  footageSec: number;
}

const NO_TAKE: TakeSnapshot = { run: null, takes: [], take: null, chunks: [], footageSec: 0 };

/** The footage id a run's plan opened with (the plan is the run's settings JSON). */
function planFootageId(run: Run): number | null {
  const settings = run.settings;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return null;
  const id = (settings as Record<string, unknown>).footageId;
  return typeof id === 'number' ? id : null;
}

/** Runs `load` so that only the newest call's answer is kept. */
function latestOnly<T>(apply: (value: T) => void): (load: () => Promise<T>) => Promise<void> {
  let generation = 0;
  return async (load) => {
    const mine = ++generation;
    const value = await load();
    if (mine === generation) apply(value);
  };
}

/** One open project. */
export class ProjectSession {
  readonly projectId: string;
  readonly jobs: JobBoard;
  readonly playhead = new Cell(0);
  readonly view = new Cell<View>('storyboard');
  readonly settings: Cell<Settings>;
  readonly model = new Cell<Load<ModelInfo>>({ state: 'loading' });
  readonly takes = new Cell<TakeSnapshot>(NO_TAKE);
  readonly footage = new Cell<readonly Footage[]>([]);
  readonly fidelity = new Cell<FidelityStrip | null>(null);
  /** Bumped whenever a job ends or makes a file: panels listing exports, models, runs reload on it. */
  readonly revision = new Cell(0);
  /** A failure of a background load, shown once in the header. */
  readonly problem = new Cell<ApiError | null>(null);
  /** Timeline state the keyboard and the toolbar share: zoom (px/s), snapping, in-place editing. */
  readonly zoom = new Cell(DEFAULT_ZOOM);
  readonly snap = new Cell(true);
  /** The caption whose text is being edited in place, if any. */
  readonly editing = new Cell<number | null>(null);
  /** A new caption being written in place before it is added: its span. */
  readonly draft = new Cell<Span | null>(null);

  private readonly loadTakes = latestOnly<TakeSnapshot>((snapshot) => this.takes.set(snapshot));
  private readonly loadModel = latestOnly<Result<ModelInfo>>((answer) =>
    this.model.set(answer.ok ? { state: 'ok', value: answer.value } : { state: 'error', error: answer.error }),
  );

  private constructor(readonly api: Api, readonly info: ProjectInfo, readonly editor: EditorCore) {
    this.projectId = info.id;
    this.jobs = new JobBoard(info.id);
    this.settings = new Cell(info.settings);
  }

  /** Opens the session of a project the Api has opened (loads its storyboard first). */
  static async open(api: Api, info: ProjectInfo): Promise<Result<ProjectSession>> {
    const editor = await EditorCore.load(apiBackend(api, info.id));
    return editor.ok ? { ok: true, value: new ProjectSession(api, info, editor.value) } : editor;
  }

  /** Starts listening and loads everything; returns the function that stops listening. */
  connect(): () => void {
    const { events } = this.api;
    const mine = (event: { projectId: string }) => event.projectId === this.projectId;
    const stops = [
      events.jobState((event) => {
        if (!mine(event)) return;
        if (!this.jobs.onState(event)) void this.fetchJob(event.jobId);
        this.bump();
      }),
      events.jobProgress((event) => {
        if (mine(event) && !this.jobs.onProgress(event)) void this.fetchJob(event.jobId);
      }),
      events.preview((event) => {
        if (!mine(event)) return;
        this.jobs.onPreview(event);
        // A chunk's strip is written just after the chunk is announced: fetch it once it exists.
        if (this.takes.get().chunks.some((chunk) => chunk.previewPath === null)) void this.loadTakes(() => this.fetchTakes(this.footage.get()));
      }),
      events.artifact((event) => {
        if (mine(event)) this.bump();
      }),
    ];
    void this.reloadJobs();
    void this.loadModel(() => this.api.models.describe({ projectId: this.projectId }));
    this.refresh();
    return () => stops.forEach((stop) => stop());
  }

  /** Saves settings the Settings screen stored, and re-reads the model when it changed. */
  settingsSaved(settings: Settings): void {
    const modelChanged = settings.modelId !== this.settings.get().modelId;
    this.settings.set(settings);
    if (modelChanged) void this.loadModel(() => this.api.models.describe({ projectId: this.projectId }));
  }

  /** Reloads the jobs list (after starting a job, so it shows at once). */
  async reloadJobs(): Promise<void> {
    const listed = await this.api.jobs.list({ projectId: this.projectId });
    if (listed.ok) this.jobs.upsert(listed.value);
    else this.problem.set(listed.error);
  }

  /** Reloads the take, footage and fidelity views of the project. */
  refresh(): void {
    void this.loadTakes(async () => {
      const footage = await this.api.footage.list({ projectId: this.projectId });
      if (footage.ok) this.footage.set(footage.value);
      return this.fetchTakes(footage.ok ? footage.value : []);
    });
    void this.api.memory.fidelity({ projectId: this.projectId }).then((answer) => {
      // No run yet answers an error: there is simply no strip to draw.
      this.fidelity.set(answer.ok ? answer.value : null);
    });
  }

  /** Re-reads everything drawn from the project's rows (after a change no event announces). */
  bump(): void {
    this.revision.set(this.revision.get() + 1);
    this.refresh();
  }

  private async fetchJob(id: number): Promise<void> {
    const answer = await this.api.jobs.get({ projectId: this.projectId, id });
    if (answer.ok) this.jobs.upsert([answer.value]);
  }

  private async fetchTakes(footage: readonly Footage[]): Promise<TakeSnapshot> {
    const projectId = this.projectId;
    const runs = await this.api.generation.listRuns({ projectId });
    const run = runs.ok ? runs.value.at(-1) : undefined;
    if (!run) return NO_TAKE;
    const takes = await this.api.generation.listTakes({ projectId, runId: run.id });
    const list = takes.ok ? takes.value : [];
    const take = list.find((t) => t.isCurrent) ?? list.at(-1) ?? null;
    const chunks = take ? await this.api.generation.listChunks({ projectId, takeId: take.id }) : undefined;
    const footageId = planFootageId(run);
    const clip = footageId === null ? undefined : footage.find((f) => f.id === footageId);
    return { run, takes: list, take, chunks: chunks?.ok ? chunks.value : [], footageSec: clip ? clip.frameCount / clip.fps : 0 };
  }
}
