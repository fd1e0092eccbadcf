/**
 * WebCodecs in browsers: a third backend that needs no ffmpeg. It decodes the keyframes of an MP4
 * (samples found with mp4box) with `VideoDecoder` and hands back small gray frames, enough for
 * keyframe-only fingerprints. Node has no WebCodecs: `test/browser-webcodecs.test.ts` runs this
 * file in headless Chromium and compares its frames' hashes with the ffmpeg backends'. The Node
 * engine never uses it.
 */
import { DnaError, DnaErrorCode, dnaError } from '@mediadna/core';
import { createFile, DataStream, MP4BoxBuffer } from 'mp4box';
import type { Movie, Sample } from 'mp4box';
import type { DecodedFrame } from './frames.js';
import { scaledFrameSize } from './frames.js';

/** True where `VideoDecoder` and `OffscreenCanvas` exist (modern browsers, workers). */
export function isWebCodecsAvailable(): boolean {
  const g = globalThis as { VideoDecoder?: unknown; OffscreenCanvas?: unknown };
  return typeof g.VideoDecoder === 'function' && typeof g.OffscreenCanvas === 'function';
}

interface BrowserVideoFrame { readonly timestamp: number; close(): void }
interface DecoderConfig { codec: string; description?: Uint8Array }
interface BrowserVideoDecoder {
  configure(config: DecoderConfig): void;
  decode(chunk: unknown): void;
  flush(): Promise<void>;
  close(): void;
  readonly state: string;
}
interface Canvas2D {
  imageSmoothingEnabled: boolean;
  imageSmoothingQuality: string;
  drawImage(image: unknown, x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
interface WebCodecsGlobals {
  VideoDecoder: (new (init: { output(frame: BrowserVideoFrame): void; error(error: Error): void }) => BrowserVideoDecoder) & {
    isConfigSupported(config: DecoderConfig): Promise<{ supported?: boolean }>;
  };
  EncodedVideoChunk: new (init: { type: string; timestamp: number; data: Uint8Array }) => unknown;
  OffscreenCanvas: new (w: number, h: number) => { getContext(kind: '2d', options: { willReadFrequently: boolean }): Canvas2D | null };
}

/** The decoder configuration record (avcC / hvcC body) WebCodecs wants as `description`. */
function codecDescription(file: ReturnType<typeof createFile>, trackId: number): Uint8Array | undefined {
  const trak = file.getTrackById(trackId) as unknown as { mdia: { minf: { stbl: { stsd: { entries: { avcC?: { write(stream: DataStream): void }; hvcC?: { write(stream: DataStream): void } }[] } } } } };
  const entry = trak.mdia.minf.stbl.stsd.entries[0];
  const box = entry.avcC ?? entry.hvcC;
  if (!box) return undefined;
  const stream = new DataStream(undefined, 0);
  box.write(stream);
  return new Uint8Array(stream.buffer as ArrayBuffer, 8, stream.byteLength - 8); // without the box header
}

function parseMp4(bytes: Uint8Array): { file: ReturnType<typeof createFile>; movie: Movie | null } {
  const file = createFile();
  let movie: Movie | null = null;
  file.onReady = (info: Movie) => {
    movie = info;
  };
  try {
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(bytes.slice().buffer, 0), true);
    file.flush();
  } catch (error) {
    throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [video] The MP4 could not be parsed: ${(error as Error).message}`);
  }
  return { file, movie };
}

/**
 * Keyframes of an MP4 held in memory, decoded with WebCodecs into gray frames (short side
 * `shortSide`, as the ffmpeg backends scale them). Frame times are presentation times counted from
 * the first presented frame, as ffmpeg reports them after the edit list. `frame.pixels` is reused
 * between calls: copy what you keep. Returns the number of frames handed over.
 * @throws DnaError `Decoder.Unavailable` outside browsers, `InvalidMedia.Empty`,
 *   `InvalidMedia.UnsupportedFormat` for bytes with no MP4 index or a codec this browser cannot decode,
 *   `InvalidMedia.NoContent` without a video track, `InvalidMedia.Truncated` when keyframe data lies
 *   past the end, `InvalidMedia.Corrupt` when parsing or decoding fails.
 */
export async function decodeKeyframesWithWebCodecs(bytes: Uint8Array, shortSide: number, onFrame: (frame: DecodedFrame) => void): Promise<number> {
  if (!isWebCodecsAvailable()) throw dnaError(DnaErrorCode.DecoderUnavailable, '[mediadna] [video] WebCodecs is not available here (browsers only)');
  if (bytes.length === 0) throw dnaError(DnaErrorCode.MediaEmpty, '[mediadna] [video] The input is empty (0 bytes)');
  const { file, movie } = parseMp4(bytes);
  if (movie === null) throw dnaError(DnaErrorCode.MediaUnsupported, '[mediadna] [video] No complete MP4/MOV index (moov) found: not an MP4/MOV, or cut inside its index (the WebCodecs path reads MP4 and MOV only)');
  const track = (movie as Movie).videoTracks[0];
  if (!track) throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [video] The MP4 has no video track');
  const g = globalThis as unknown as WebCodecsGlobals;
  const config: DecoderConfig = { codec: track.codec, description: codecDescription(file, track.id) };
  const support = await g.VideoDecoder.isConfigSupported(config).catch(() => ({ supported: false }));
  if (support.supported !== true) throw dnaError(DnaErrorCode.MediaUnsupported, `[mediadna] [video] This browser's WebCodecs cannot decode ${track.codec}`);

  const size = scaledFrameSize(track.video?.width ?? track.track_width, track.video?.height ?? track.track_height, shortSide);
  const context = new g.OffscreenCanvas(size.width, size.height).getContext('2d', { willReadFrequently: true });
  if (!context) throw dnaError(DnaErrorCode.DecoderUnavailable, '[mediadna] [video] No 2D canvas context for WebCodecs frames');
  // Downscaling: 'high' filters like ffmpeg's area scaler on large reductions (bilinear skips pixels).
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  const gray = new Uint8Array(size.width * size.height);
  let index = 0;
  let failure: Error | null = null;
  const decoder = new g.VideoDecoder({
    output(frame) {
      try {
        context.drawImage(frame, 0, 0, size.width, size.height);
        const rgba = context.getImageData(0, 0, size.width, size.height).data;
        // Rec. 601 luma, as the image package's rgbaToLuma.
        for (let i = 0, p = 0; i < gray.length; i++, p += 4) gray[i] = (rgba[p] * 77 + rgba[p + 1] * 150 + rgba[p + 2] * 29 + 128) >> 8;
        onFrame({ pixels: gray, width: size.width, height: size.height, channels: 1, timeSeconds: frame.timestamp / 1e6, index: index++ });
      } catch (error) {
        failure ??= error as Error;
      } finally {
        frame.close();
      }
    },
    error(error) {
      failure ??= error;
    },
  });
  try {
    decoder.configure(config);
    const samples: Sample[] = file.getTrackSamplesInfo(track.id);
    // Presentation times start at the first presented frame (B-frame delay removed), like ffmpeg's.
    let firstCts = Infinity;
    for (const sample of samples) if (sample.cts < firstCts) firstCts = sample.cts;
    for (const sample of samples) {
      if (!sample.is_sync) continue;
      if (sample.offset + sample.size > bytes.length) throw dnaError(DnaErrorCode.MediaTruncated, '[mediadna] [video] The MP4 ends before its keyframe data');
      const data = bytes.subarray(sample.offset, sample.offset + sample.size);
      decoder.decode(new g.EncodedVideoChunk({ type: 'key', timestamp: Math.round(((sample.cts - firstCts) / sample.timescale) * 1e6), data }));
    }
    await decoder.flush();
  } catch (error) {
    if (error instanceof DnaError) throw error;
    failure ??= error as Error;
  } finally {
    if (decoder.state !== 'closed') decoder.close();
  }
  if (failure) throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [video] WebCodecs could not decode: ${(failure as Error).message}`);
  return index;
}
