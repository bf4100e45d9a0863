/**
 * The storyboard editor's document state, outside React: the captions, the selection and the
 * undo history. Every edit is one command (commands.ts), applied here at once so the timeline
 * never waits, and saved to the project in order, one small call per edit: undo and redo send the
 * inverse or the same command; a jump of several steps through the history sends the whole
 * resulting storyboard in one `replace` call. A provisional id of a new caption is swapped for
 * the project's id when its answer comes. If the project refuses an edit, the editor reloads
 * the storyboard from the project (the truth), clears the history and says what happened.
 */
import type { ApiError, Result } from '../../../preload/api';
import { Observable } from '../shared/observable';
import {
  applyCommand, fieldsOf, invertCommand, renameId, sortCaptions, type Caption, type CaptionFields, type Command,
} from './commands';

/** A caption to store; `id` restores a deleted one under its old id. */
export type StoredCaption = CaptionFields & { id?: number };

/** Where the storyboard is saved: the project, through the Api (api-backend.ts), or a test double. */
export interface StoryboardBackend {
  list(): Promise<Result<Caption[]>>;
  add(caption: StoredCaption): Promise<Result<Caption>>;
  update(id: number, patch: Partial<CaptionFields>): Promise<Result<Caption>>;
  remove(id: number): Promise<Result<unknown>>;
  replace(captions: readonly StoredCaption[]): Promise<Result<Caption[]>>;
}

/** What the storyboard views render from. */
export interface EditorState {
  captions: readonly Caption[];
  selectedId: number | null;
  /** Every edit; the first `position` are applied, the rest can be redone. */
  history: readonly Command[];
  position: number;
  /** Edits applied here but not yet confirmed by the project. */
  unsaved: number;
  /** The last save that failed, until the next edit. */
  error: ApiError | null;
}

/** The editor of one project's storyboard. */
export class EditorCore extends Observable<EditorState> {
  private queue: Promise<void> = Promise.resolve();
  private nextProvisionalId = -1;
  /** Provisional ids already answered by the project, for edits queued before the answer. */
  private readonly assigned = new Map<number, number>();

  constructor(private readonly backend: StoryboardBackend, captions: readonly Caption[]) {
    super({ captions: sortCaptions(captions), selectedId: null, history: [], position: 0, unsaved: 0, error: null });
  }

  /** Loads the storyboard of `backend` into a new editor. */
  static async load(backend: StoryboardBackend): Promise<Result<EditorCore>> {
    const listed = await backend.list();
    return listed.ok ? { ok: true, value: new EditorCore(backend, listed.value) } : listed;
  }

  /** The caption with `id`, if it exists. */
  caption(id: number | null): Caption | undefined {
    return id === null ? undefined : this.get().captions.find((c) => c.id === id);
  }

  select(id: number | null): void {
    if (this.get().selectedId !== id) this.update({ selectedId: id });
  }

  /** Adds a caption and selects it; returns its (provisional) id. */
  add(fields: CaptionFields): number {
    const id = this.nextProvisionalId--;
    this.execute({ kind: 'add', caption: { id, ...fields } });
    this.select(id);
    return id;
  }

  /** Changes fields of a caption; an edit that changes nothing is not recorded. */
  change(id: number, patch: Partial<CaptionFields>): void {
    const caption = this.caption(id);
    if (!caption) return;
    const before = fieldsOf(caption);
    const after = { ...before, ...patch };
    const same = (Object.keys(before) as (keyof CaptionFields)[]).every((key) => before[key] === after[key]);
    if (!same) this.execute({ kind: 'update', id, before, after });
  }

  /** Deletes a caption (undo restores it under the same id). */
  remove(id: number): void {
    const caption = this.caption(id);
    if (!caption) return;
    this.execute({ kind: 'delete', caption });
    if (this.get().selectedId === id) this.select(null);
  }

  undo(): void {
    this.goTo(this.get().position - 1);
  }

  redo(): void {
    this.goTo(this.get().position + 1);
  }

  /**
   * Moves through the history to `position` edits applied. One step sends one command; a jump
   * of several sends the resulting storyboard in one replace call.
   */
  goTo(position: number): void {
    const state = this.get();
    if (position < 0 || position > state.history.length || position === state.position) return;
    const steps = stepsBetween(state.history, state.position, position);
    const captions = steps.reduce(applyCommand, state.captions);
    this.update({ captions, position, error: null });
    if (steps.length === 1) this.save(steps[0] as Command);
    else this.saveAll(captions);
  }

  /** Resolves when every edit so far has been answered by the project. */
  whenSaved(): Promise<void> {
    return this.queue;
  }

  private execute(command: Command): void {
    const state = this.get();
    this.update({
      captions: applyCommand(state.captions, command),
      history: [...state.history.slice(0, state.position), command],
      position: state.position + 1,
      error: null,
    });
    this.save(command);
  }

  private update(patch: Partial<EditorState>): void {
    this.set({ ...this.get(), ...patch });
  }

  private idFor(id: number): number {
    return this.assigned.get(id) ?? id;
  }

  private save(command: Command): void {
    this.enqueue(() => this.send(command));
  }

  private saveAll(captions: readonly Caption[]): void {
    this.enqueue(() => this.backend.replace(captions.map((c) => ({ ...fieldsOf(c), id: this.idFor(c.id) }))));
  }

  private async send(command: Command): Promise<Result<unknown>> {
    switch (command.kind) {
      case 'add': {
        const id = this.idFor(command.caption.id);
        const fields = fieldsOf(command.caption);
        const added = await this.backend.add(id > 0 ? { ...fields, id } : fields);
        if (added.ok && id < 0) this.assign(id, added.value.id);
        return added;
      }
      case 'delete':
        return this.backend.remove(this.idFor(command.caption.id));
      case 'update':
        return this.backend.update(this.idFor(command.id), command.after);
      default:
        return command satisfies never;
    }
  }

  /** Swaps a provisional id for the project's, everywhere it appears. */
  private assign(provisional: number, id: number): void {
    this.assigned.set(provisional, id);
    const state = this.get();
    this.update({
      captions: state.captions.map((c) => (c.id === provisional ? { ...c, id } : c)),
      history: state.history.map((command) => renameId(command, provisional, id)),
      selectedId: state.selectedId === provisional ? id : state.selectedId,
    });
  }

  private enqueue(send: () => Promise<Result<unknown>>): void {
    this.update({ unsaved: this.get().unsaved + 1 });
    this.queue = this.queue.then(async () => {
      const answer = await send();
      this.update({ unsaved: this.get().unsaved - 1 });
      if (!answer.ok) await this.resync(answer.error);
    });
  }

  /** After a refused edit: the project's storyboard wins, and the history no longer applies. */
  private async resync(error: ApiError): Promise<void> {
    const listed = await this.backend.list();
    const message = `The edit was not saved: ${error.message}. ${listed.ok ? 'The storyboard was reloaded from the project.' : 'Reopen the project.'}`;
    this.update({
      ...(listed.ok ? { captions: sortCaptions(listed.value), history: [], position: 0 } : {}),
      error: { code: error.code, message },
    });
  }
}

/** The commands that take the history from `from` applied edits to `to`. */
function stepsBetween(history: readonly Command[], from: number, to: number): Command[] {
  if (to < from) return history.slice(to, from).reverse().map(invertCommand);
  return history.slice(from, to);
}
