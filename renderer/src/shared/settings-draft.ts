/**
 * Project settings as a form edits them: every field a string while typed, converted and checked
 * with the contract's own schema before anything is sent, so the form and main agree on ranges.
 */
import { settingsPatch, type CallInput, type CallOutput } from '../../../preload/api';

export type Settings = CallOutput<'projects.getSettings'>;
export type SettingsPatch = CallInput<'projects.updateSettings'>['patch'];

/** The fields a settings form can show. */
export type DraftKey = 'name' | 'durationSec' | 'fps' | 'resolution' | 'modelId' | 'memoryPreset' | 'seed' | 'samplingSteps' | 'guidance';
export type Draft = Record<DraftKey, string>;

/** Frame sizes offered: the tiny model's native size and 16:9 sizes that are multiples of 8. */
export const RESOLUTIONS = ['64x64', '128x128', '256x144', '320x176', '512x288', '640x360'] as const;
export const MEMORY_PRESETS = settingsPatch.shape.memoryPreset.unwrap().options;

/** Defaults of the New project form (the store fills what is left out, e.g. a random seed). */
export const NEW_PROJECT_DRAFT: Draft = {
  name: '',
  durationSec: '10',
  fps: '8',
  resolution: '64x64',
  modelId: 'storyworld-tiny',
  memoryPreset: '4x4x2',
  seed: '',
  // The shipped model's measured best, as the demo uses (main/project/settings.ts DEFAULT_SETTINGS).
  samplingSteps: '8',
  guidance: '1',
};

export function draftFrom(settings: Settings): Draft {
  return {
    name: settings.name,
    durationSec: String(settings.durationSec),
    fps: String(settings.fps),
    resolution: `${settings.width}x${settings.height}`,
    modelId: settings.modelId,
    memoryPreset: settings.memoryPreset,
    seed: String(settings.seed),
    samplingSteps: String(settings.samplingSteps),
    guidance: String(settings.guidance),
  };
}

function numberOrBlank(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** Converts the shown fields of a draft; a blank number field is left to the default. */
export function patchFrom(draft: Draft, keys: readonly DraftKey[]): { ok: true; patch: SettingsPatch } | { ok: false; message: string } {
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === 'resolution') {
      const [width, height] = draft.resolution.split('x').map(Number);
      raw.width = width;
      raw.height = height;
    } else if (key === 'name' || key === 'modelId' || key === 'memoryPreset') {
      raw[key] = draft[key];
    } else {
      raw[key] = numberOrBlank(draft[key]);
    }
  }
  const parsed = settingsPatch.safeParse(raw);
  if (parsed.success) return { ok: true, patch: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue?.path.join('.') ?? 'settings'}: ${issue?.message ?? 'invalid'}` };
}
