/**
 * main/data's public surface: Storyworld generation, datasets on disk and clip sampling.
 * Callers (main/jobs, the CLI) import from here rather than from the files behind it.
 */
export { ClipSampler, type Clip, type ClipSamplerOptions, type SamplerCursor } from './clip-sampler';
export { Dataset, DatasetVideo, openDataset, splitVideos, type DatasetSplit } from './dataset';
export { contactSheet, upscale } from './sheet';
export { storyboardLines, storyFrames, writeContactSheet, writePreviewMp4, type PreviewOptions } from './preview';
export { deriveSeed, Rng, type RngState } from './random';
export { DatasetError, type CaptionRow, type DatasetErrorCode, type DatasetFile, type DatasetSource, type VideoFile } from './schema';
export { COLOUR_NAMES, COLOURS, PATTERNS, SHAPES, describeLook, type CharacterColour, type CharacterLook, type CharacterPattern, type CharacterShape } from './storyworld/identity';
export { PLACE_KINDS, type PlaceKind } from './storyworld/place-layouts';
export { STORYWORLD_VERSION, StoryworldVideo, type CharacterTruth, type FrameTruth, type StoryworldOptions } from './storyworld/video';
export { writeFootageDataset, type FootageDatasetOptions, type FootageInput } from './write-footage';
export { storyworldVideoId, writeStoryworldDataset, type DatasetProgress, type StoryworldDatasetOptions } from './write-storyworld';
