/**
 * Which take `longshot render` makes: a named one, a pending generation's, the newest run's when
 * nothing that changes the video changed (settings, storyboard, the model's weights), else a new run
 * that says why.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseRenderTake } from '../../main/jobs/export/render-take';
import { createJob, listRuns, updateCaption, updateSettings, listCaptions } from '../../main/project/index';
import { exportProjects, writeStandInModel } from './fixtures';

const projects = exportProjects();
afterAll(() => projects.dispose());

describe('chooseRenderTake', () => {
  it('continues the newest take while the project is unchanged, and starts a new run after an edit', () => {
    const { project, take } = projects.create('Edits', { chunks: 3 });
    expect(chooseRenderTake(project.db)).toMatchObject({ take: { id: take.id }, pendingJobId: null });
    const [first] = listCaptions(project.db);
    updateCaption(project.db, first?.id ?? 0, { text: 'a different opening' });
    const edited = chooseRenderTake(project.db);
    expect(edited.take.runId).not.toBe(take.runId);
    expect(edited.reason).toMatch(/^new run/);
    expect(listRuns(project.db)).toHaveLength(2);
    updateSettings(project.db, { guidance: 3 });
    expect(chooseRenderTake(project.db).take.runId).toBe(3);
  });

  it('follows a pending generation job, and a named take over everything', () => {
    const { project, take } = projects.create('Pending');
    const job = createJob(project.db, { kind: 'generate', params: { takeId: take.id } });
    expect(chooseRenderTake(project.db)).toMatchObject({ take: { id: take.id }, pendingJobId: job.id });
    expect(chooseRenderTake(project.db, take.id)).toMatchObject({ take: { id: take.id }, pendingJobId: null });
    expect(() => chooseRenderTake(project.db, 999)).toThrow(expect.objectContaining({ code: 'no_take' }));
  });

  it('starts a new run, saying why, when the model was saved over since the take began, and does not resume its job', () => {
    const modelDir = join(projects.dir, 'model');
    const before = writeStandInModel(modelDir, 'weights');
    const { project, take } = projects.create('Retrained', { modelId: modelDir, chunks: 3 });
    expect(chooseRenderTake(project.db).take.id).toBe(take.id);
    const job = createJob(project.db, { kind: 'generate', params: { takeId: take.id } });
    expect(chooseRenderTake(project.db)).toMatchObject({ take: { id: take.id }, pendingJobId: job.id });

    const after = writeStandInModel(modelDir, 'weights trained further');
    const renewed = chooseRenderTake(project.db);
    expect(renewed.take.runId).not.toBe(take.runId);
    expect(renewed.pendingJobId).toBeNull();
    expect(renewed.reason).toContain(`job ${job.id} (take ${take.id}) cannot resume: the weights in ${modelDir} changed`);
    expect(renewed.reason).toContain(`the model changed since run ${take.runId} (${modelDir} (weights sha256 ${before.slice(0, 12)}) then, `
      + `${modelDir} (weights sha256 ${after.slice(0, 12)}) now)`);
  });
});
