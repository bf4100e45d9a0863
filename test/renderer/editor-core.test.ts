// The storyboard editor core without a browser: one command per edit, saved in order through a
// backend with the store's semantics (ids kept on restore, replace keeps ids), undo and redo of
// one step as one call, a jump of several steps as one replace call, provisional ids swapped for
// the project's, and a refused edit reloading the project's storyboard.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../preload/api';
import type { Caption, CaptionFields } from '../../renderer/src/editor/commands';
import { EditorCore, type StoredCaption, type StoryboardBackend } from '../../renderer/src/editor/editor-core';

/** An in-memory storyboard that behaves like the project store, and records every call. */
class MemoryBackend implements StoryboardBackend {
  rows = new Map<number, Caption>();
  calls: string[] = [];
  refuse: ((call: string) => boolean) | null = null;
  private nextId = 1;

  private answer<T>(call: string, run: () => T): Promise<Result<T>> {
    this.calls.push(call);
    if (this.refuse?.(call)) return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: 'refused for the test' } });
    return Promise.resolve({ ok: true, value: run() });
  }

  private insert(caption: StoredCaption): Caption {
    const id = caption.id ?? this.nextId;
    this.nextId = Math.max(this.nextId, id + 1);
    const row = { id, startSec: caption.startSec, endSec: caption.endSec, text: caption.text, transition: caption.transition };
    this.rows.set(id, row);
    return row;
  }

  list = () => this.answer('list', () => [...this.rows.values()]);
  add = (caption: StoredCaption) => this.answer('add', () => this.insert(caption));
  update = (id: number, patch: Partial<CaptionFields>) =>
    this.answer('update', () => {
      const row = { ...(this.rows.get(id) as Caption), ...patch };
      this.rows.set(id, row);
      return row;
    });
  remove = (id: number) => this.answer('delete', () => this.rows.delete(id));
  replace = (captions: readonly StoredCaption[]) =>
    this.answer('replace', () => {
      this.rows.clear();
      return captions.map((c) => this.insert(c));
    });

  /** The stored captions, ordered, without ids: what the project holds. */
  stored(): string[] {
    return [...this.rows.values()].sort((a, b) => a.startSec - b.startSec).map((c) => `${c.startSec}-${c.endSec} ${c.text} ${c.transition}`);
  }
}

const shot = (startSec: number, endSec: number, text: string): CaptionFields => ({ startSec, endSec, text, transition: 'continuous' });

function shown(core: EditorCore): string[] {
  return core.get().captions.map((c) => `${c.startSec}-${c.endSec} ${c.text} ${c.transition}`);
}

async function editor(): Promise<{ core: EditorCore; backend: MemoryBackend }> {
  const backend = new MemoryBackend();
  const loaded = await EditorCore.load(backend);
  if (!loaded.ok) throw new Error(loaded.error.message);
  backend.calls = [];
  return { core: loaded.value, backend };
}

describe('the editor core', () => {
  it('applies an edit at once and saves it as one call, swapping the provisional id for the project\'s', async () => {
    const { core, backend } = await editor();
    const id = core.add(shot(0, 2, 'a lighthouse at dusk'));
    expect(id).toBeLessThan(0);
    expect(shown(core)).toEqual(['0-2 a lighthouse at dusk continuous']);
    expect(core.get().selectedId).toBe(id);
    expect(core.get().unsaved).toBe(1);
    await core.whenSaved();
    const saved = core.get().captions[0] as Caption;
    expect(saved.id).toBeGreaterThan(0);
    expect(core.get().selectedId).toBe(saved.id);
    expect(core.get().unsaved).toBe(0);
    expect(backend.calls).toEqual(['add']);
    expect(backend.stored()).toEqual(shown(core));
  });

  it('saves edits made before the project answered against the id it assigns', async () => {
    const { core, backend } = await editor();
    const id = core.add(shot(0, 2, 'first'));
    core.change(id, { startSec: 1, endSec: 3 });
    core.change(id, { transition: 'cut' });
    await core.whenSaved();
    expect(backend.calls).toEqual(['add', 'update', 'update']);
    expect(backend.stored()).toEqual(['1-3 first cut']);
  });

  it('undoes and redoes one edit at a time with one call each, restoring a deleted caption under its id', async () => {
    const { core, backend } = await editor();
    core.add(shot(0, 2, 'a'));
    await core.whenSaved();
    const id = (core.get().captions[0] as Caption).id;
    core.change(id, { text: 'b' });
    core.remove(id);
    await core.whenSaved();
    expect(backend.stored()).toEqual([]);
    backend.calls = [];

    core.undo();
    await core.whenSaved();
    expect(backend.stored()).toEqual(['0-2 b continuous']);
    expect([...backend.rows.keys()]).toEqual([id]);
    core.undo();
    await core.whenSaved();
    expect(backend.stored()).toEqual(['0-2 a continuous']);
    core.redo();
    core.redo();
    await core.whenSaved();
    expect(backend.stored()).toEqual([]);
    expect(backend.calls).toEqual(['add', 'update', 'update', 'delete']);
  });

  it('jumps several steps through the history with one replace call', async () => {
    const { core, backend } = await editor();
    const a = core.add(shot(0, 2, 'a'));
    core.add(shot(2, 4, 'b'));
    core.change(a, { endSec: 1.5 });
    await core.whenSaved();
    backend.calls = [];
    core.goTo(1);
    expect(shown(core)).toEqual(['0-2 a continuous']);
    await core.whenSaved();
    expect(backend.calls).toEqual(['replace']);
    expect(backend.stored()).toEqual(['0-2 a continuous']);
    core.goTo(3);
    await core.whenSaved();
    expect(backend.stored()).toEqual(['0-1.5 a continuous', '2-4 b continuous']);
    expect(backend.calls).toEqual(['replace', 'replace']);
  });

  it('drops the redo branch when a new edit follows an undo, and records no edit that changes nothing', async () => {
    const { core } = await editor();
    const a = core.add(shot(0, 2, 'a'));
    core.change(a, { text: 'b' });
    core.undo();
    core.change(a, { startSec: 0 });
    expect(core.get().history).toHaveLength(2);
    core.change(a, { transition: 'cut' });
    expect(core.get().history.map((c) => c.kind)).toEqual(['add', 'update']);
    expect(core.get().position).toBe(2);
    core.redo();
    expect(core.get().position).toBe(2);
  });

  it('reloads the project\'s storyboard and clears the history when the project refuses an edit', async () => {
    const { core, backend } = await editor();
    const a = core.add(shot(0, 2, 'kept'));
    await core.whenSaved();
    backend.refuse = (call) => call === 'update';
    core.change(core.get().captions[0]?.id ?? a, { text: 'refused' });
    expect(shown(core)).toEqual(['0-2 refused continuous']);
    await core.whenSaved();
    expect(shown(core)).toEqual(['0-2 kept continuous']);
    expect(core.get().history).toEqual([]);
    expect(core.get().error?.message).toMatch(/not saved: refused for the test\. The storyboard was reloaded/);
  });
});
