/**
 * Re-rendering an export from the provenance in its MP4: read it back, make a new project with
 * the same settings and storyboard (caption ids kept, so the takes' caption overrides still
 * apply), and find the model by the hash of its weights. The caller then generates the take
 * lineage with the same seeds on the same backend, its first run pinned to exactly those weights
 * (`Recreated.pinned`), and exports with the same format settings; the frames hash in the
 * provenance says whether the result is identical.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  closeProject, createProject, projectFolderName, replaceStoryboard, updateSettings, type Project,
} from '../../project/index';
import { ExportError } from './errors';
import type { PlannedModel } from '../generation/planned-model';
import { findModelByHash, pinnedIdentity, type ModelIdentity } from './model-identity';
import { readMp4Metadata, type ReadMetadataOptions } from './mp4-metadata';
import { provenanceText } from './provenance-tags';
import { parseProvenance, type Provenance } from './provenance';

/** Reads the provenance of a Longshot export; ExportError 'no_provenance' when there is none. */
export async function readExportProvenance(file: string, options: ReadMetadataOptions = {}): Promise<Provenance> {
  const { tags } = await readMp4Metadata(file, options);
  let text: string | undefined;
  try {
    text = provenanceText(tags);
    if (text !== undefined) return parseProvenance(text);
  } catch (error) {
    throw new ExportError('no_provenance', `${file} carries Longshot provenance this version cannot read `
      + `(${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, { cause: error });
  }
  throw new ExportError('no_provenance', `${file} carries no Longshot provenance: it was not exported by Longshot, or its tags were removed`);
}

/** `base`, or `base 2`, `base 3`... : the first name whose project folder does not exist in `parentDir`. */
export function freeProjectName(parentDir: string, base: string): string {
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base} ${n}`;
    if (!existsSync(join(parentDir, projectFolderName(name)))) return name;
  }
}

/** Options of recreateProject. */
export interface RecreateOptions {
  /** Where the new project goes. */
  parentDir: string;
  /** Model folders to look in besides the usual places (model-identity.ts). */
  modelDirs?: readonly string[];
}

/** The new project and the model setting that gives the export's exact weights. */
export interface Recreated {
  project: Project;
  model: ModelIdentity;
  /** Those weights as a run pins them: pass it to createGeneration so the run uses nothing else. */
  pinned: PlannedModel;
}

/** Removes a project recreateProject made, when a later step of the re-render refuses. */
export function discardRecreated(project: Project): void {
  closeProject(project);
  rmSync(project.path, { recursive: true, force: true });
}

/**
 * Makes the project an export was rendered from (without its footage: the caller imports the
 * recorded footage, services/footage-import.ts importRecordedFootage). Refuses
 * ('not_reproducible') an export that continued footage its provenance does not record, and
 * ('model_unavailable') when no model here has the recorded hash; the half-made project is then
 * removed.
 */
export async function recreateProject(provenance: Provenance, options: RecreateOptions): Promise<Recreated> {
  const { settings } = provenance;
  if (settings.footageId !== null && !provenance.footage) {
    throw new ExportError('not_reproducible', 'this export continued imported footage that its provenance does not record (it was made '
      + 'by Longshot 0.1.0 or earlier, or the footage was deleted before the export): import the same footage into a project with these '
      + 'settings to render it again');
  }
  const { footageId: _footage, name, ...rest } = settings;
  const project = createProject(options.parentDir, freeProjectName(options.parentDir, `${name} (re-render)`), rest);
  try {
    replaceStoryboard(project.db, provenance.storyboard);
    const model = await findModelByHash(project.db, project.path, provenance.model, settings.memoryPreset, options.modelDirs);
    if (model.id !== settings.modelId) updateSettings(project.db, { modelId: model.id });
    return { project, model, pinned: pinnedIdentity(model) };
  } catch (error) {
    discardRecreated(project);
    throw error;
  }
}
