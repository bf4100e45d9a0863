/**
 * Which take `longshot render` makes: a named one, a pending generation's, the newest run's when
 * nothing that changes the video changed (settings, storyboard, the model's weights), else a new run.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseRenderTake } from '../../main/jobs/export/render-take';
import { createJob, listRuns, updateCaption, updateSettings, listCaptions } from '../../main/project/index';
import { exportProjects } from './fixtures';

const projects = exportProjects();
afterAll(() => projects.dispose());

describe('chooseRenderTake', () => {
  it('continues the newest take while the project is unchanged, and starts a new run after an edit', () => {
    const { project, take } = projects.create('Edits', { chunks: 3 });
    expect(chooseRenderTake(project.db, project.path)).toMatchObject({ take: { id: take.id }, pendingJobId: null });
    const [first] = listCaptions(project.db);
    updateCaption(project.db, first?.id ?? 0, { text: 'a different opening' });
    const edited = chooseRenderTake(project.db, project.path);
    expect(edited.take.runId).not.toBe(take.runId);
    expect(edited.reason).toMatch(/^new run/);
    expect(listRuns(project.db)).toHaveLength(2);
    updateSettings(project.db, { guidance: 3 });
    expect(chooseRenderTake(project.db, project.path).take.runId).toBe(3);
  });

  it('follows a pending generation job, and a named take over everything', () => {
    const { project, take } = projects.create('Pending');
    const job = createJob(project.db, { kind: 'generate', params: { takeId: take.id } });
    expect(chooseRenderTake(project.db, project.path)).toMatchObject({ take: { id: take.id }, pendingJobId: job.id });
    expect(chooseRenderTake(project.db, project.path, take.id)).toMatchObject({ take: { id: take.id }, pendingJobId: null });
    expect(() => chooseRenderTake(project.db, project.path, 999)).toThrow(expect.objectContaining({ code: 'no_take' }));
  });

  it('starts a new run when the model\'s weights were rewritten after the take began', () => {
    const modelDir = join(projects.dir, 'model');
    mkdirSync(modelDir);
    writeFileSync(join(modelDir, 'config.json'), JSON.stringify({ formatVersion: 1, preset: 'tiny', architecture: {}, metrics: {} }));
    writeFileSync(join(modelDir, 'model.safetensors'), 'weights');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(modelDir, 'model.safetensors'), past, past);
    const { project, take } = projects.create('Retrained', { modelId: modelDir });
    expect(chooseRenderTake(project.db, project.path).take.id).toBe(take.id);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(modelDir, 'model.safetensors'), later, later);
    expect(chooseRenderTake(project.db, project.path).take.runId).not.toBe(take.runId);
  });
});
