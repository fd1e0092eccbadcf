/**
 * @mediadna/video: sampled-frame PDQ hashes (border-cropped, mirror-searchable), temporal
 * alignment into copied segments, and the soundtrack's audio DNA.
 */
export { hashVideo, VIDEO_ALGORITHM, VIDEO_ALGORITHM_VERSION } from './fingerprint.js';
export type { VideoFingerprint, HashVideoResult } from './fingerprint.js';
export { serializeVideoFingerprint, deserializeVideoFingerprint, withoutMirroredHashes } from './serialize.js';
export { VideoLibrary, compareVideos } from './library.js';
export type { VideoMatch, VideoSearchResult, VideoLibraryOptions } from './library.js';
export { alignAtOffset, joinSegments, AlignScratch, samplingStep, lowerBound, MAX_JOIN_SECONDS } from './align.js';
export type { AlignedSegment, AlignOptions } from './align.js';
export { findPicture, cropToLuma, BLACK_LEVEL } from './borders.js';
export type { CropBox } from './borders.js';
export { FrameHasher, FrameHashList, CENTER_SHARE } from './frame-hash.js';
export {
  defaultVideoHashOptions,
  defaultVideoMatchOptions,
  checkVideoHashOptions,
  checkVideoMatchOptions,
} from './config.js';
export type { VideoHashOptions, VideoMatchOptions } from './config.js';
