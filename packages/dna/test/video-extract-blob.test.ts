// Video fingerprint blobs of a real clip (decoded by the engine's hashVideo): round trip, size per
// minute, stored blobs without mirrored hashes, refusal of other versions.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DnaErrorCode } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { deserializeVideoFingerprint, serializeVideoFingerprint, withoutMirroredHashes } from '@mediadna/video';
import { hashVideo } from '../src/engines/video-extract.js';

const path = fileURLToPath(new URL('../../../fixtures/video/megamind.mp4', import.meta.url));
const { fingerprint } = await hashVideo({ type: 'path', path, size: statSync(path).size });

describe('video fingerprint blobs', () => {
  it('round-trips every field', () => {
    const back = deserializeVideoFingerprint(serializeVideoFingerprint(fingerprint));
    expect(back.frameCount).toBe(fingerprint.frameCount);
    expect(Array.from(back.pdq)).toEqual(Array.from(fingerprint.pdq));
    expect(Array.from(back.pdqFlip)).toEqual(Array.from(fingerprint.pdqFlip));
    expect(Array.from(back.pdqCenter)).toEqual(Array.from(fingerprint.pdqCenter));
    expect(Array.from(back.quality)).toEqual(Array.from(fingerprint.quality));
    for (let i = 0; i < back.frameCount; i++) expect(back.times[i]).toBeCloseTo(fingerprint.times[i], 3);
    expect(back.durationSeconds).toBe(fingerprint.durationSeconds);
    expect([back.width, back.height, back.sampleRate, back.keyframesOnly]).toEqual([240, 176, 2, false]);
    expect(back.audio!.peakFrames.length).toBe(fingerprint.audio!.peakFrames.length);
  });

  it('is compact: about 101 bytes per frame with mirrors, 69 stored, plus audio peaks', () => {
    const query = serializeVideoFingerprint(fingerprint);
    const stored = serializeVideoFingerprint(withoutMirroredHashes(fingerprint));
    expect(query.length - stored.length).toBe(fingerprint.frameCount * 32);
    const videoOnly = serializeVideoFingerprint({ ...withoutMirroredHashes(fingerprint), audio: null });
    // 4 (time) + 1 (quality) + 32 (PDQ) + 32 (central PDQ) bytes per frame and a small header:
    // 8.3 KB per minute at 2 frames per second, more with many scene cuts (this trailer: ~10 KB/min).
    expect(videoOnly.length).toBeLessThanOrEqual(80 + fingerprint.frameCount * 69 + 3);
    expect(videoOnly.length).toBeGreaterThanOrEqual(fingerprint.frameCount * 69);
    expect(deserializeVideoFingerprint(stored).pdqFlip.length).toBe(0);
  });

  it('refuses another version or damaged bytes with Library.IncompatibleVersion', () => {
    const blob = serializeVideoFingerprint(fingerprint).slice();
    blob[6] = 99; // algorithm version
    expect(() => deserializeVideoFingerprint(blob)).toThrow(expect.objectContaining({ code: DnaErrorCode.LibraryIncompatible }));
    const cut = serializeVideoFingerprint(fingerprint).subarray(0, 100);
    expect(() => deserializeVideoFingerprint(cut)).toThrow(expect.objectContaining({ code: DnaErrorCode.LibraryIncompatible }));
  });
});
