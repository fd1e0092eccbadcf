import { describe, expect, it } from 'vitest';
import { DnaError, DnaErrorCode, wordsToHex } from '@mediadna/core';
import {
  decodeImageHashes,
  encodeImageHashes,
  hasDihedralVariants,
  hashImage,
  hashImageDihedral,
  IMAGE_ALGORITHM,
  IMAGE_ALGORITHM_VERSION,
} from '../src/index.js';
import { syntheticPicture } from './synthetic.js';

describe('image hash blobs', () => {
  const picture = syntheticPicture(123, 77, 9);

  it('round-trips plain hashes in 92 bytes, hash bytes in hex order', () => {
    const hashes = hashImage(picture);
    const blob = encodeImageHashes(hashes);
    expect(blob.length).toBe(92);
    expect(blob[0]).toBe(1); // format version
    expect(Buffer.from(blob.subarray(12, 20)).toString('hex')).toBe(wordsToHex(hashes.phash));
    expect(Buffer.from(blob.subarray(20, 52)).toString('hex')).toBe(wordsToHex(hashes.pdq));
    expect(Buffer.from(blob.subarray(52, 60)).toString('hex')).toBe(wordsToHex(hashes.centre.phash));
    expect(Buffer.from(blob.subarray(60, 92)).toString('hex')).toBe(wordsToHex(hashes.centre.pdq));
    const decoded = decodeImageHashes(blob);
    expect(hasDihedralVariants(decoded)).toBe(false);
    expect(decoded).toEqual(hashes);
  });

  it('round-trips dihedral hashes in 652 bytes', () => {
    const hashes = hashImageDihedral(picture);
    const blob = encodeImageHashes(hashes);
    expect(blob.length).toBe(652);
    const decoded = decodeImageHashes(blob);
    expect(hasDihedralVariants(decoded)).toBe(true);
    expect(decoded).toEqual(hashes);
  });

  it('decodes from a view into a larger buffer', () => {
    const blob = encodeImageHashes(hashImage(picture));
    const padded = new Uint8Array(blob.length + 10);
    padded.set(blob, 5);
    expect(decodeImageHashes(padded.subarray(5, 5 + blob.length))).toEqual(hashImage(picture));
  });

  it('refuses another format version with Library.IncompatibleVersion', () => {
    const blob = encodeImageHashes(hashImage(picture));
    blob[0] = 2;
    expect(() => decodeImageHashes(blob)).toThrowError(DnaError);
    try {
      decodeImageHashes(blob);
    } catch (error) {
      expect((error as DnaError).code).toBe(DnaErrorCode.LibraryIncompatible);
    }
  });

  it('refuses truncated or padded blobs with InvalidParameter', () => {
    const blob = encodeImageHashes(hashImage(picture));
    for (const bad of [blob.subarray(0, 91), new Uint8Array(93).fill(1), new Uint8Array(3)]) {
      expect(() => decodeImageHashes(bad)).toThrowError(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    }
  });

  it('names the algorithm', () => {
    expect(IMAGE_ALGORITHM).toBe('image/phash64+pdq256');
    expect(IMAGE_ALGORITHM_VERSION).toBe(1);
  });
});
