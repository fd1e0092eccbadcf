/**
 * @mediadna/video: sampled-frame PDQ hashes (border-cropped, mirror-searchable), temporal
 * alignment into copied segments, and the soundtrack's audio DNA. Pure functions over decoded
 * frames and PCM; decoding is the caller's (the dna engine uses `@mediadna/media`).
 */
export { VideoFingerprinter, VIDEO_ALGORITHM, VIDEO_ALGORITHM_VERSION, SOUNDTRACK_SAMPLE_RATE } from './fingerprint.js';
export type { VideoFingerprint, VideoFingerprinterOptions, VideoSourceInfo } from './fingerprint.js';
export { serializeVideoFingerprint, deserializeVideoFingerprint, withoutMirroredHashes } from './serialize.js';
export { VideoLibrary, compareVideos } from './library.js';
export type { VideoMatch, VideoSearchResult, VideoLibraryOptions } from './library.js';
export { alignAtOffset, joinSegments, AlignScratch, samplingStep, MAX_JOIN_SECONDS } from './align.js';
/** Binary search over ascending times (from @mediadna/core, re-exported as before). */
export { lowerBound } from '@mediadna/core';
export type { AlignedSegment, AlignOptions } from './align.js';
export { findPicture, cropToLuma, BLACK_LEVEL } from './borders.js';
export type { CropBox } from './borders.js';
export { FrameHasher, FrameHashList, CENTER_SHARE } from './frame-hash.js';
export type { VideoFrame } from './frame-hash.js';
export { defaultVideoMatchOptions, checkVideoMatchOptions } from './config.js';
export type { VideoMatchOptions } from './config.js';
