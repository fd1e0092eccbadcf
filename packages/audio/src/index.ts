export { defaultAudioConfig, secondsPerFrame } from './config.js';
export type { AudioConfig } from './config.js';
export { PowerSpectrum } from './spectrogram.js';
export { PeakPicker, maxFilter, maxFilterBits, maxFilterNaive, maxFilterScratchLength } from './peaks.js';
export {
  packLandmark,
  unpackLandmark,
  landmarkDeltaFrames,
  landmarksFromPeaks,
  landmarksFromPeaksNaive,
  ANCHOR_BIN_SHIFT,
  ANCHOR_BIN_MASK,
  DELTA_BINS_SHIFT,
  DELTA_BINS_MASK,
  DELTA_BINS_BIAS,
  DELTA_FRAMES_SHIFT,
  DELTA_FRAMES_MASK,
} from './landmarks.js';
export type { Landmarks } from './landmarks.js';
export { AudioFingerprinter, hashAudio, fingerprintLandmarks, fingerprintSeconds } from './fingerprint.js';
export type { AudioFingerprint } from './fingerprint.js';
export { serializeFingerprint, deserializeFingerprint, AUDIO_ALGORITHM, AUDIO_FINGERPRINT_VERSION } from './serialize.js';
export { MemoryPostings } from './postings.js';
export type { PostingsStore, PostingListLike } from './postings.js';
export { matchLandmarks, poissonLogTail, defaultMatchOptions, MatchScratch } from './match.js';
export type { MatchOptions, FrameMatch, FrameSegment } from './match.js';
export { AudioLibrary, compareAudio, toSeconds } from './library.js';
export type { AudioLibraryOptions, AudioMatch, AudioSegment, AudioSearchOptions } from './library.js';
export { DEFAULT_SPEED_FACTORS, DEFAULT_TEMPO_FACTORS, scaleFingerprintSpeed, scaleFingerprintTempo } from './speed.js';
