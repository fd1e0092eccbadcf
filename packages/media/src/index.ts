// image
export { decodeImage, decodeImageFile, jpegShrinkFactor } from './image/decode.js';
export { readImageHeader } from './image/header.js';
export { readJpegOrientation } from './image/exif.js';
export { applyOrientation } from './image/orient.js';
export type { RgbaPixels } from './image/orient.js';
export { DEFAULT_MAX_PIXELS } from './image/types.js';
export type { DecodedImage, DecodeImageOptions, ImageHeader } from './image/types.js';
// video
export { probeVideo, describeSource, openRangeReader } from './video/probe.js';
export { readMp4Info } from './video/mp4.js';
export { scanTopLevelBoxes, readMovieDuration } from './video/boxes.js';
export type { BoxScan, TopLevelBox, RangeRead } from './video/boxes.js';
export { decodeVideoFrames, frameArgs, scaledFrameSize } from './video/frames.js';
export type { DecodedFrame, FrameDecodeSummary, FramePixelFormat, FrameSamplingOptions } from './video/frames.js';
export { decodeVideoAudio } from './video/audio.js';
export type { SoundtrackOptions } from './video/audio.js';
export { isWebCodecsAvailable, decodeKeyframesWithWebCodecs } from './video/webcodecs.js';
export { DEFAULT_MAX_VIDEO_PIXELS, DEFAULT_MAX_DURATION_SECONDS, DEFAULT_MAX_INDEX_BYTES } from './video/types.js';
export type { VideoInfo, VideoLimits } from './video/types.js';
// ffmpeg
export { selectFfmpegBackend } from './ffmpeg/select.js';
export { findSystemFfmpeg, resetSystemFfmpegCache } from './ffmpeg/locate.js';
export type { SystemFfmpeg } from './ffmpeg/locate.js';
export { createSystemBackend } from './ffmpeg/system.js';
export { createWasmBackend, loadFfmpegCore } from './ffmpeg/wasm.js';
export { ffmpegFailure } from './ffmpeg/errors.js';
export type { FfmpegBackend, FfmpegBackendName, FfmpegBackendPreference, FfmpegRunOptions, FfmpegRunResult, FfmpegArgsBuilder, FfprobeJson, FfprobeStream } from './ffmpeg/backend.js';
// audio
export { decodeAudio, decodeAudioMono, decodeAudioMonoTo, audioCodecOf } from './audio/stream.js';
export type { MonoDecodeOptions, AudioDecoderBackend } from './audio/stream.js';
export { decodeAudioMonoWithFfmpeg, hasSystemFfmpeg } from './audio/ffmpeg-pcm.js';
export { decodeWav, readWavInfo, convertWavFrames, downmixWavFrames } from './audio/wav.js';
export type { WavInfo } from './audio/wav.js';
export { decodeCompressed } from './audio/codecs.js';
export type { CompressedAudioCodec } from './audio/codecs.js';
export { AudioResampler, PolyphaseResampler, resampleNaive } from './audio/resample.js';
export { openByteReader, readChunks, READ_CHUNK_BYTES } from './audio/reader.js';
export type { ByteReader } from './audio/reader.js';
export { DEFAULT_MAX_AUDIO_SECONDS } from './audio/pcm.js';
export type { PcmBlock, AudioDecodeOptions } from './audio/pcm.js';
// the decoders for fingerprinting (mono, the band below analysisRate / 2)
export { LowBandMp3Decoder, isLowBandMp3 } from './audio/mp3/low-band-decoder.js';
export { LowBandVorbisDecoder, probeLowBandVorbis, isLowBandVorbis, VorbisSetupError } from './audio/vorbis/low-band-decoder.js';
export type { VorbisHeaders } from './audio/vorbis/low-band-decoder.js';
export { FlacMonoDecoder, FlacFormatError, readFlacStreamInfo } from './audio/flac/mono-decoder.js';
export { LowBandAacDecoder, probeLowBandAac } from './audio/aac/low-band-decoder.js';
export type { AacLayout, Mp4AacTrack } from './audio/aac/low-band-decoder.js';
export type { AacCoreConfig } from './audio/aac/audio-specific-config.js';
export type { MonoPcm } from './audio/mono-output.js';
// subtitles
export { readMp4Subtitles, decodeTx3gSample, decodeWvttSample } from './subtitles/mp4.js';
export type { SubtitleCue, SubtitleTrack } from './subtitles/mp4.js';
