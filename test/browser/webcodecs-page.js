// Runs inside headless Chromium (served by server.ts, bare names resolved by its import map):
// decode an MP4's keyframes with the WebCodecs backend, then hash the frames with the pure
// fingerprint packages, exactly as an app in a browser would.
import { decodeKeyframesWithWebCodecs, isWebCodecsAvailable } from '@mediadna/media/video/webcodecs';
import { hashImage } from '@mediadna/image';
import { VideoFingerprinter } from '@mediadna/video';

/** Gray pixels as RGBA (so hashImage's RGBA → luma path runs too). */
function grayToRgba(gray) {
  const rgba = new Uint8Array(gray.length * 4);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    rgba[p] = rgba[p + 1] = rgba[p + 2] = gray[i];
    rgba[p + 3] = 255;
  }
  return rgba;
}

export async function fingerprintKeyframes(fixtureUrl, shortSide) {
  const bytes = new Uint8Array(await (await fetch(fixtureUrl)).arrayBuffer());
  const fingerprinter = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: true });
  const frames = [];
  const count = await decodeKeyframesWithWebCodecs(bytes, shortSide, (frame) => {
    const image = hashImage({ width: frame.width, height: frame.height, data: grayToRgba(frame.pixels) });
    fingerprinter.push(frame, frame.timeSeconds);
    frames.push({ timeSeconds: frame.timeSeconds, width: frame.width, height: frame.height, pixels: Array.from(frame.pixels), imagePdq: Array.from(image.pdq), imageQuality: image.quality });
  });
  const fingerprint = fingerprinter.finish({ durationSeconds: 0, width: frames[0]?.width ?? 0, height: frames[0]?.height ?? 0 });
  return { available: isWebCodecsAvailable(), userAgent: navigator.userAgent, count, frames, times: Array.from(fingerprint.times), pdq: Array.from(fingerprint.pdq) };
}

/** The DnaError code `decodeKeyframesWithWebCodecs` fails with on the first `keep` bytes of a file (all when null). */
export async function decodeFailure(fixtureUrl, keep) {
  const bytes = new Uint8Array(await (await fetch(fixtureUrl)).arrayBuffer());
  try {
    await decodeKeyframesWithWebCodecs(keep === null ? bytes : bytes.subarray(0, keep), 128, () => {});
    return 'no error';
  } catch (error) {
    return `${error.code ?? error.name}: ${error.message}`;
  }
}
