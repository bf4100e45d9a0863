/**
 * `longshot eval model` end to end on a micro model trained two steps in the test: retrieval
 * beside its three baselines and judged continuations with and without memory. The printed
 * table, the JSON files and the project's SQLite row all come from one set of results; the card
 * writer prints those figures under the command that reproduces them, and that command parses
 * back to the same params. A folder without a model is refused with a typed error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalModelCommand } from '../../main/cli/commands/eval-model';
import { evalParamsOf } from '../../main/cli/commands/eval-options';
import { renderModelCard } from '../../main/cli/commands/train-card';
import { cardEvalParams } from '../../main/cli/commands/train-default';
import { initEngine } from '../../main/engine/backend/index';
import { RETRIEVAL_METHODS, defaultTrainConfig, nearestWindowFrame } from '../../main/engine/train/index';
import { trainArm, type ArmSetup } from '../../main/eval/arms';
import { consistencyCells } from '../../main/eval/consistency/report';
import { EvalError } from '../../main/eval/errors';
import { modelEvalCommand } from '../../main/eval/model/command';
import { loadTrainedModel, zeroMemory } from '../../main/eval/model/load';
import type { ModelEvalResults } from '../../main/eval/model/run';
import { fixed } from '../../main/eval/report-common';
import { scoreCells } from '../../main/eval/retrieval-report';
import { encoderArm } from '../../main/eval/scales';
import { closeProject, createProject, listEvalResults, openProject } from '../../main/project/index';
import { readJson, runCli, storyworld, tempDir } from './helpers';

const temp = tempDir('model');
let data: string;
let modelDir: string;
let project: string;
let run: { code: number; out: string; err: string };

const modelArgs = (): string[] => [
  'eval', 'model', '--model', modelDir, '--data', data, '--validation', '0.25', '--clips', '3', '--targets', '2', '--few-steps', '2',
  '--batch', '2', '--videos', '1', '--score-seconds', '2', '--sampling-steps', '1', '--out', join(temp.dir, 'out'),
  '--json', join(temp.dir, 'copy', 'results.json'), '--project', project,
];

beforeAll(async () => {
  await initEngine();
  data = await storyworld(join(temp.dir, 'data'), 8, 32);
  const setup: ArmSetup = { data: [data], out: join(temp.dir, 'arms'), scale: 'micro', seed: 1, batch: 2, validationFraction: 0.25, log: () => undefined };
  modelDir = (await trainArm(setup, { arm: encoderArm('pfp', '4x4x2'), stage: 'pretrain', steps: 2, start: { from: 'scratch' } })).dir;
  const created = createProject(temp.dir, 'scored');
  project = created.path;
  closeProject(created);
  run = await runCli(modelArgs());
}, 120_000);

afterAll(() => temp.remove());

const results = (): ModelEvalResults => readJson(join(temp.dir, 'out', 'model.json')) as ModelEvalResults;

describe('longshot eval model', () => {
  it('scores retrieval beside all three baselines, and continuations with and without memory', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const r = results();
    expect(Object.keys(r.retrieval.scores).sort()).toEqual([...RETRIEVAL_METHODS].sort());
    for (const method of RETRIEVAL_METHODS) {
      const s = r.retrieval.scores[method];
      expect(Number.isFinite(s.psnr) && s.psnr > 0 && Number.isFinite(s.ssim) && Number.isFinite(s.hfError)).toBe(true);
    }
    expect(r.retrieval.clips).toBe(3);
    expect(r.model).toMatchObject({ compression: '4x4x2', variant: 'pfp', historyFrames: 16, windowFrames: 1 });
    const { withMemory, memoryZeroed, reference } = r.continuation;
    expect(r.continuation.videos).toHaveLength(1);
    expect(reference.counts.place.total).toBe(r.continuation.judgedFrames);
    // Both arms are judged on the same frames and characters as the held-out video itself.
    for (const scores of [withMemory, memoryZeroed]) expect(scores?.counts).toMatchObject({ place: { total: reference.counts.place.total }, identity: { total: reference.counts.identity.total } });
    expect(r.checks.retrieval.map((c) => c.claim)).toContain('model, 1 sampling step > nearest frame the generator sees without memory');
    expect(r.checks.continuation.length).toBeGreaterThan(0);
    // Every check is decided on a paired interval over the held-out videos it was measured on.
    expect(r.retrieval.byVideo.videos.length).toBeGreaterThan(0);
    for (const method of RETRIEVAL_METHODS) expect(r.retrieval.byVideo.methods[method].psnr).toHaveLength(r.retrieval.byVideo.videos.length);
    expect(r.checks.retrieval.map((c) => c.claim)).toContain("model, 1 sampling step > mean frame of the target's shot (oracle)");
    for (const check of r.checks.retrieval) expect(check.interval?.videos).toBe(r.retrieval.byVideo.videos.length);
    expect(r.continuation.byVideo.withMemory).toHaveLength(r.continuation.videos.length);
    // How far back each revisit reaches, against the history the model trained on.
    expect(r.continuation.revisitSeconds).toHaveLength(r.continuation.videos.length);
    for (const gap of r.continuation.revisitSeconds ?? []) expect(gap).toBeGreaterThan(0);
    expect(run.out).toContain(`the model was trained on ${r.model.historySeconds} s histories`);
    for (const check of r.checks.continuation) expect(check.interval?.videos).toBe(r.continuation.videos.length);
    // Provenance names the model by its manifest's sha256.
    const sha = createHash('sha256').update(readFileSync(join(modelDir, 'model.safetensors'))).digest('hex');
    expect(r.provenance.models[0]).toEqual({ role: 'model', path: modelDir, sha256: sha });
    expect(r.provenance.command).toContain('longshot eval model --model');
    expect(r.provenance.machine.backend).toBeTruthy();
  });

  it('prints the table, and writes the JSON and the SQLite row from the same results', () => {
    const r = results();
    for (const method of ['oneStep', 'zeroMemory', 'nearestFrame', 'meanFrame', 'shotMeanFrame'] as const) {
      expect(run.out).toContain(`| ${scoreCells(r.retrieval.scores[method]).join(' | ')} |`);
    }
    expect(run.out).toContain(`| model, 2 sampling steps | ${scoreCells(r.retrieval.scores.fewStep).join(' | ')} |`);
    expect(run.out).toContain(`| model, with memory | ${consistencyCells(r.continuation.withMemory).join(' | ')} |`);
    expect(run.out).toContain(`| model, memory zeroed | ${consistencyCells(r.continuation.memoryZeroed ?? r.continuation.reference).join(' | ')} |`);
    expect(readJson(join(temp.dir, 'copy', 'results.json'))).toEqual(r);
    const opened = openProject(project);
    try {
      const stored = listEvalResults(opened.db, 'model');
      expect(stored).toHaveLength(1);
      expect(stored[0]?.results).toEqual(r);
      expect(stored[0]?.command).toBe(r.provenance.command);
    } finally {
      closeProject(opened);
    }
  });

  it('refuses a folder without a model with a typed error', async () => {
    const missing = await runCli(['eval', 'model', '--model', join(temp.dir, 'nothing'), '--data', data]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/--model .*nothing: no trained model there .*\[invalid_model\]/);
    const notModel = (() => {
      try {
        return loadTrainedModel(data);
      } catch (error) {
        return error;
      }
    })();
    expect(notModel).toBeInstanceOf(EvalError);
    expect((notModel as EvalError).code).toBe('invalid_model');
  });
});

describe('the parts of eval model', () => {
  it('copies the recent-window frame nearest in time as the no-memory baseline', () => {
    expect(nearestWindowFrame(5, 80, 1)).toBe(79);
    expect(nearestWindowFrame(79, 80, 1)).toBe(79);
    expect(nearestWindowFrame(10, 80, 0)).toBe(79);
    expect(nearestWindowFrame(40, 80, 4)).toBe(76);
    expect(nearestWindowFrame(77, 80, 4)).toBe(77);
  });

  it('zeroes the memory tokens by zeroing the gate, keeping their positions', () => {
    const loaded = loadTrainedModel(modelDir);
    try {
      const gate = loaded.model.params().get('memory.gate');
      gate?.assign(tf.scalar(0.5));
      const history = tf.randomUniform([1, 16, 32, 32, 3]) as tf.Tensor5D;
      const times = Array.from({ length: 16 }, (_, i) => i);
      const before = loaded.model.encodeMemory(history, times);
      expect(tf.max(tf.abs(before.tokens)).dataSync()[0]).toBeGreaterThan(0);
      expect(zeroMemory(loaded)).toBe(true);
      const after = loaded.model.encodeMemory(history, times);
      expect(after.positions).toEqual(before.positions);
      expect(tf.max(tf.abs(after.tokens)).dataSync()[0]).toBe(0);
      tf.dispose([history, before.tokens, after.tokens]);
    } finally {
      loaded.model.dispose();
    }
  });

  it('writes the model card from the results, under the command that reproduces them', () => {
    const r = results();
    const params = cardEvalParams(modelDir, data, join(temp.dir, 'runs'));
    const command = modelEvalCommand(params);
    const evaluation: ModelEvalResults = { ...r, provenance: { ...r.provenance, command } };
    const loaded = loadTrainedModel(modelDir);
    loaded.model.dispose();
    const card = renderModelCard({
      model: loaded.config, parameters: 1234,
      data: { dir: data, videos: 8, seconds: 12, width: 32, height: 32, fps: 8, seed: 3, validationFraction: 0.25 },
      stages: [{ train: defaultTrainConfig('pretrain', { steps: 2, batch: 2 }), step: 2, samplesSeen: 4, elapsedSeconds: 3 }],
      hardware: 'test machine', command: 'npm run train:default', evaluation, evaluatedStage: 'pretrain',
    });
    expect(card).toContain(`Reproduce: \`${command}\``);
    expect(card).toContain(`| model, 1 sampling step | ${scoreCells(r.retrieval.scores.oneStep).join(' | ')} |`);
    expect(card).toContain(`| nearest frame the generator sees without memory | ${scoreCells(r.retrieval.scores.nearestFrame).join(' | ')} |`);
    expect(card).toContain(`| model, with memory | ${consistencyCells(r.continuation.withMemory).join(' | ')} |`);
    expect(card).toContain(`memory \`pfp\` trained at \`4x4x2\``);
    expect(card).toContain('other rates (2x2x2, 2x2x1) need their own training runs');
    expect(card).toContain('- **pretrain** (complete): step 2 of 2');
    expect(card).toContain(fixed(r.retrieval.scores.meanFrame.psnr));
    // The printed command parses back to exactly the params the card's run used.
    const tokens = command.replace(/^npx longshot eval model /, '').split(' ');
    const parsed = parseArgs({ args: tokens, options: evalModelCommand.options ?? {}, allowPositionals: false });
    const { out: _out, ...expected } = params;
    expect(evalParamsOf('model', { values: parsed.values, positionals: [] })).toEqual(expected);
  });
});
