/**
 * WebCodecs in browsers: the structure of a third backend that needs no ffmpeg. It decodes the
 * keyframes of an MP4 (samples found with mp4box) with `VideoDecoder` and hands back small gray
 * frames, enough for keyframe-only fingerprints. Node has no WebCodecs, so the test suite cannot
 * run this file; it is kept small on purpose and is not used by the Node engine.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
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
interface BrowserVideoDecoder {
  configure(config: { codec: string; description?: Uint8Array }): void;
  decode(chunk: unknown): void;
  flush(): Promise<void>;
  close(): void;
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

/**
 * Keyframes of an MP4 held in memory, decoded with WebCodecs into gray frames (short side `shortSide`).
 * @throws DnaError `Decoder.Unavailable` outside browsers.
 */
export async function decodeKeyframesWithWebCodecs(bytes: Uint8Array, shortSide: number, onFrame: (frame: DecodedFrame) => void): Promise<number> {
  if (!isWebCodecsAvailable()) throw dnaError(DnaErrorCode.DecoderUnavailable, '[mediadna] [video] WebCodecs is not available here (browsers only)');
  const file = createFile();
  let movie: Movie | null = null;
  file.onReady = (info: Movie) => {
    movie = info;
  };
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(bytes.slice().buffer, 0), true);
  file.flush();
  const track = (movie as Movie | null)?.videoTracks[0];
  if (!track) throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [video] The MP4 has no video track');
  const size = scaledFrameSize(track.video?.width ?? track.track_width, track.video?.height ?? track.track_height, shortSide);
  const g = globalThis as unknown as {
    VideoDecoder: new (init: { output(frame: BrowserVideoFrame): void; error(error: Error): void }) => BrowserVideoDecoder;
    EncodedVideoChunk: new (init: { type: string; timestamp: number; data: Uint8Array }) => unknown;
    OffscreenCanvas: new (w: number, h: number) => { getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number, w: number, h: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  };
  const context = new g.OffscreenCanvas(size.width, size.height).getContext('2d');
  const gray = new Uint8Array(size.width * size.height);
  let index = 0;
  let failure: Error | null = null;
  const decoder = new g.VideoDecoder({
    output(frame) {
      context.drawImage(frame, 0, 0, size.width, size.height);
      const rgba = context.getImageData(0, 0, size.width, size.height).data;
      for (let i = 0, p = 0; i < gray.length; i++, p += 4) gray[i] = (rgba[p] * 77 + rgba[p + 1] * 150 + rgba[p + 2] * 29) >> 8;
      onFrame({ pixels: gray, width: size.width, height: size.height, channels: 1, timeSeconds: frame.timestamp / 1e6, index: index++ });
      frame.close();
    },
    error(error) {
      failure = error;
    },
  });
  decoder.configure({ codec: track.codec, description: codecDescription(file, track.id) });
  const samples: Sample[] = file.getTrackSamplesInfo(track.id);
  for (const sample of samples) {
    if (!sample.is_sync) continue;
    const data = bytes.subarray(sample.offset, sample.offset + sample.size);
    decoder.decode(new g.EncodedVideoChunk({ type: 'key', timestamp: Math.round((sample.cts / sample.timescale) * 1e6), data }));
  }
  await decoder.flush();
  decoder.close();
  if (failure) throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [video] WebCodecs could not decode: ${(failure as Error).message}`);
  return index;
}
