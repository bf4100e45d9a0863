/**
 * main/media: everything that touches ffmpeg (locate, probe, decode footage to frame files,
 * encode MP4) plus subtitles, PNG and thumbnail strips. A leaf: it imports nothing of the app.
 * Every failure is a MediaError with a `code`.
 */
export { MediaError, isMediaError, type MediaErrorCode } from './errors';
export { locateFfmpeg, type FfmpegLocation, type FfmpegSource, type LocateOptions } from './ffmpeg-path';
export { DEFAULT_LIMITS, type MediaLimits } from './limits';
export { probe, type MediaInfo, type MediaChapter, type ProbeOptions } from './probe';
export { decodeToFrames, type DecodeOptions, type DecodeProgress, type DecodeResult, type FitMode } from './decode';
export { encodeMp4, type EncodeOptions, type EncodeProgress, type EncodeResult, type UpscaleFilter } from './encode';
export { type Chapter } from './ffmetadata';
export { toSrt, toWebVtt, formatTimestamp, type Caption } from './subtitles';
export { encodePng } from './png';
export { writeThumbnailStrip, type ThumbnailStrip, type ThumbnailStripOptions } from './thumbnails';
export { FrameFileReader, FrameFileWriter, FrameFileError, hashFrames, type FrameFileInfo } from './frame-file';
