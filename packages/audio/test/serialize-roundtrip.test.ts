import { DnaErrorCode } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { deserializeFingerprint, fingerprintSeconds, hashAudio, serializeFingerprint } from '../src/index.js';
import { synthMusic } from './synth.js';

describe('fingerprint blob', () => {
  it('round-trips and stays under 16 KB per minute', () => {
    const fingerprint = hashAudio(synthMusic(60, 4));
    const blob = serializeFingerprint(fingerprint);
    const back = deserializeFingerprint(blob);
    expect(back.frameCount).toBe(fingerprint.frameCount);
    expect(Array.from(back.peakFrames)).toEqual(Array.from(fingerprint.peakFrames));
    expect(Array.from(back.peakBins)).toEqual(Array.from(fingerprint.peakBins));
    expect(back.config).toEqual(fingerprint.config);
    const bytesPerMinute = (blob.length / fingerprintSeconds(fingerprint)) * 60;
    expect(bytesPerMinute).toBeLessThan(16 * 1024);
    expect(new TextDecoder().decode(blob.subarray(6, 6 + blob[5]))).toBe('audio/peak-landmarks-8k');
  });

  it('refuses other versions, algorithms and damaged blobs', () => {
    const blob = serializeFingerprint(hashAudio(synthMusic(5, 5)));
    const otherVersion = blob.slice();
    otherVersion[4] = 99;
    expect(() => deserializeFingerprint(otherVersion)).toThrow(expect.objectContaining({ code: DnaErrorCode.LibraryIncompatible }));
    const otherName = blob.slice();
    otherName[6] ^= 1;
    expect(() => deserializeFingerprint(otherName)).toThrow(expect.objectContaining({ code: DnaErrorCode.LibraryIncompatible }));
    expect(() => deserializeFingerprint(blob.subarray(0, blob.length - 3))).toThrow(expect.objectContaining({ code: DnaErrorCode.LibraryIncompatible }));
    expect(() => deserializeFingerprint(new Uint8Array([1, 2, 3]))).toThrow(expect.objectContaining({ code: DnaErrorCode.LibraryIncompatible }));
  });
});
