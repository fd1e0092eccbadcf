// VideoFingerprinter on synthetic decoded frames and PCM (no decoder): frame hashes with mirror and
// centre, border cropping, recorded sampling, the soundtrack, bad frames, blob round trip.
import { DnaErrorCode, hammingDistance256 } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { VideoFingerprinter } from '../src/fingerprint.js';
import type { VideoFrame } from '../src/frame-hash.js';
import { deserializeVideoFingerprint, serializeVideoFingerprint } from '../src/serialize.js';

/** A gray width x height picture (content varies with `seed`), with black bars of `bar` rows top and bottom. */
function picture(width: number, height: number, seed: number, bar = 0, mirror = false): VideoFrame {
  const pixels = new Uint8Array(width * height).fill(16);
  const inner = height - 2 * bar;
  for (let y = 0; y < inner; y++) {
    for (let x = 0; x < width; x++) {
      const u = (mirror ? width - 1 - x : x) / width;
      const v = y / inner;
      const value = 128 + 60 * Math.sin(6 * u * (1 + seed) + 2 * v) + 50 * Math.cos(9 * v * (seed + 2) - 3 * u * u) + 10 * Math.sin(40 * u * v);
      pixels[(y + bar) * width + x] = Math.max(45, Math.min(255, Math.round(value)));
    }
  }
  return { pixels, width, height, channels: 1 };
}

/** Mono PCM at 8 kHz: a melody of short tones whose pitch changes every 0.2 s. */
function melody(seconds: number): Float32Array {
  const pcm = new Float32Array(seconds * 8000);
  for (let i = 0; i < pcm.length; i++) {
    const note = Math.floor(i / 1600);
    const frequency = 300 + ((note * 7919) % 23) * 80;
    pcm[i] = 0.5 * Math.sin((2 * Math.PI * frequency * i) / 8000) + 0.2 * Math.sin((2 * Math.PI * frequency * 2.5 * i) / 8000);
  }
  return pcm;
}

describe('VideoFingerprinter', () => {
  it('hashes pushed frames at their times, with the mirror image and the centre', () => {
    const fingerprinter = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false });
    for (let i = 0; i < 6; i++) fingerprinter.push(picture(160, 128, i % 3), i * 0.5);
    fingerprinter.push(picture(160, 128, 0, 0, true), 3); // the first picture, mirrored
    const fingerprint = fingerprinter.finish({ durationSeconds: 3.4, width: 640, height: 512 });
    expect(fingerprint.frameCount).toBe(7);
    expect(Array.from(fingerprint.times)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect([fingerprint.pdq.length, fingerprint.pdqFlip.length, fingerprint.pdqCenter.length]).toEqual([56, 56, 56]);
    expect([fingerprint.width, fingerprint.height, fingerprint.sampleRate, fingerprint.keyframesOnly, fingerprint.durationSeconds]).toEqual([640, 512, 2, false, 3.4]);
    expect(fingerprint.audio).toBeNull();
    // Same picture, same hashes; different pictures, far apart.
    expect(hammingDistance256(fingerprint.pdq, fingerprint.pdq, 0, 3 * 8)).toBe(0);
    expect(hammingDistance256(fingerprint.pdq, fingerprint.pdq, 0, 8)).toBeGreaterThan(60);
    // The mirrored picture's hash is the first picture's mirror hash, and the other way round.
    expect(hammingDistance256(fingerprint.pdq, fingerprint.pdqFlip, 6 * 8, 0)).toBeLessThanOrEqual(16);
    expect(hammingDistance256(fingerprint.pdqFlip, fingerprint.pdq, 6 * 8, 0)).toBeLessThanOrEqual(16);
    // The centre hash is another picture's hash (PDQ does not survive cropping).
    expect(hammingDistance256(fingerprint.pdq, fingerprint.pdqCenter, 0, 0)).toBeGreaterThan(16);
    for (let i = 0; i < 7; i++) expect(fingerprint.quality[i]).toBeGreaterThan(25);
  });

  it('crops letterbox bars so a letterboxed copy hashes like the original', () => {
    const fingerprinter = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false });
    fingerprinter.push(picture(160, 96, 1), 0);
    fingerprinter.push(picture(160, 128, 1, 16), 0.5);
    expect(fingerprinter.croppedFrames).toBe(1);
    const fingerprint = fingerprinter.finish({ durationSeconds: 0, width: 160, height: 128 });
    expect(hammingDistance256(fingerprint.pdq, fingerprint.pdq, 0, 8)).toBeLessThanOrEqual(16);
    expect(fingerprint.durationSeconds).toBe(0.5); // the last frame's time when the source says less
  });

  it('records keyframe mode with sample rate 0', () => {
    const fingerprinter = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: true });
    fingerprinter.push(picture(64, 48, 1), 0);
    const fingerprint = fingerprinter.finish({ durationSeconds: 10, width: 64, height: 48 });
    expect([fingerprint.sampleRate, fingerprint.keyframesOnly]).toEqual([0, true]);
  });

  it('fingerprints the soundtrack pushed as PCM, and drops it when asked', () => {
    const withAudio = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false, soundtrack: true });
    const pcm = melody(6);
    for (let start = 0; start < pcm.length; start += 1000) withAudio.pushSoundtrack(pcm.subarray(start, start + 1000));
    withAudio.push(picture(64, 48, 1), 0);
    const fingerprint = withAudio.finish({ durationSeconds: 6, width: 64, height: 48 });
    expect(fingerprint.audio).not.toBeNull();
    expect(fingerprint.audio!.peakFrames.length).toBeGreaterThan(20);
    const dropped = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false, soundtrack: true });
    dropped.pushSoundtrack(pcm);
    dropped.dropSoundtrack();
    dropped.push(picture(64, 48, 1), 0);
    expect(dropped.finish({ durationSeconds: 6, width: 64, height: 48 }).audio).toBeNull();
    const silent = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false });
    silent.pushSoundtrack(pcm); // no soundtrack announced: ignored
    silent.push(picture(64, 48, 1), 0);
    expect(silent.finish({ durationSeconds: 6, width: 64, height: 48 }).audio).toBeNull();
  });

  it('round-trips through a blob with its soundtrack', () => {
    const fingerprinter = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false, soundtrack: true });
    fingerprinter.pushSoundtrack(melody(4));
    for (let i = 0; i < 8; i++) fingerprinter.push(picture(96, 64, i), i * 0.5);
    const fingerprint = fingerprinter.finish({ durationSeconds: 4, width: 96, height: 64 });
    const back = deserializeVideoFingerprint(serializeVideoFingerprint(fingerprint));
    expect(Array.from(back.pdq)).toEqual(Array.from(fingerprint.pdq));
    expect(Array.from(back.pdqFlip)).toEqual(Array.from(fingerprint.pdqFlip));
    expect(Array.from(back.pdqCenter)).toEqual(Array.from(fingerprint.pdqCenter));
    expect(Array.from(back.times)).toEqual(Array.from(fingerprint.times));
    expect(back.audio!.peakFrames.length).toBe(fingerprint.audio!.peakFrames.length);
  });

  it('refuses no frames, colour or short frames, and pushes after finish', () => {
    expect(() => new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false }).finish({ durationSeconds: 1, width: 8, height: 8 }))
      .toThrow(expect.objectContaining({ code: DnaErrorCode.MediaNoContent }));
    const fingerprinter = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false });
    expect(() => fingerprinter.push({ pixels: new Uint8Array(64 * 48 * 3), width: 64, height: 48, channels: 3 }, 0))
      .toThrow(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    expect(() => fingerprinter.push({ pixels: new Uint8Array(10), width: 64, height: 48 }, 0))
      .toThrow(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    expect(() => fingerprinter.push(picture(64, 48, 1), Number.NaN)).toThrow(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    expect(fingerprinter.frameCount).toBe(0);
    fingerprinter.push(picture(64, 48, 1), 0);
    fingerprinter.finish({ durationSeconds: 1, width: 64, height: 48 });
    expect(() => fingerprinter.push(picture(64, 48, 1), 0.5)).toThrow(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
  });
});
