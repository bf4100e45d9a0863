/**
 * Which model made a take: `media/runs/run-R/take-T/model.json`, written when the take's job
 * loads its model. The run's plan names the model setting ('default', a folder...); this file
 * pins what it resolved to (folder, preset, sha256 of the weights), so an export can state it
 * and a resumed job can tell when the weights changed under a half-made take.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../engine/checkpoint/atomic';
import type { Take } from '../../project/index';
import { projectFile, takeFolder } from './paths';

const provenanceSchema = z.object({
  source: z.enum(['checkpoint', 'random']),
  path: z.string().nullable(),
  preset: z.string(),
  sha256: z.string().nullable(),
  recordedAt: z.string(),
});

/** The model of a take, as recorded. */
export type TakeModel = z.output<typeof provenanceSchema>;

const fileOf = (project: { path: string }, take: Pick<Take, 'runId' | 'id'>): string => projectFile(project, `${takeFolder(take)}/model.json`);

/** The recorded model of a take, or null before its job loaded one. */
export function readTakeModel(project: { path: string }, take: Pick<Take, 'runId' | 'id'>): TakeModel | null {
  try {
    const parsed = provenanceSchema.safeParse(JSON.parse(readFileSync(fileOf(project, take), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Records the model of a take; returns the one recorded before, if any. */
export function recordTakeModel(project: { path: string }, take: Pick<Take, 'runId' | 'id'>, model: Omit<TakeModel, 'recordedAt'>): TakeModel | null {
  const before = readTakeModel(project, take);
  const file = fileOf(project, take);
  mkdirSync(dirname(file), { recursive: true });
  const record: TakeModel = { ...model, recordedAt: new Date().toISOString() };
  writeFileAtomic(file, Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
  return before;
}
