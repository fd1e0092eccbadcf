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

  it('round-trips plain hashes in 132 bytes, hash bytes in hex order', () => {
    const hashes = hashImage(picture);
    const blob = encodeImageHashes(hashes);
    expect(blob.length).toBe(132);
    expect(blob[0]).toBe(2); // format version
    expect(blob[2]).toBe(hashes.quality);
    expect(Buffer.from(blob.subarray(12, 20)).toString('hex')).toBe(wordsToHex(hashes.phash));
    expect(Buffer.from(blob.subarray(20, 52)).toString('hex')).toBe(wordsToHex(hashes.pdq));
    expect(Buffer.from(blob.subarray(52, 60)).toString('hex')).toBe(wordsToHex(hashes.centre.phash));
    expect(Buffer.from(blob.subarray(60, 92)).toString('hex')).toBe(wordsToHex(hashes.centre.pdq));
    expect(Buffer.from(blob.subarray(92, 100)).toString('hex')).toBe(wordsToHex(hashes.inner.phash));
    expect(Buffer.from(blob.subarray(100, 132)).toString('hex')).toBe(wordsToHex(hashes.inner.pdq));
    const decoded = decodeImageHashes(blob);
    expect(hasDihedralVariants(decoded)).toBe(false);
    expect(decoded).toEqual(hashes);
  });

  it('round-trips dihedral hashes in 972 bytes', () => {
    const hashes = hashImageDihedral(picture);
    const blob = encodeImageHashes(hashes);
    expect(blob.length).toBe(972);
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

  it('refuses another format version, and version-1 blobs (no inner region), with Library.IncompatibleVersion', () => {
    const blob = encodeImageHashes(hashImage(picture));
    blob[0] = 3;
    expect(() => decodeImageHashes(blob)).toThrowError(DnaError);
    expect(() => decodeImageHashes(blob)).toThrowError(expect.objectContaining({ code: DnaErrorCode.LibraryIncompatible }));
    // A version-1 blob as the previous release stored it: 92 bytes, whole + centre only.
    const v1 = encodeImageHashes(hashImage(picture)).slice(0, 92);
    v1[0] = 1;
    expect(() => decodeImageHashes(v1)).toThrowError(
      expect.objectContaining({ code: DnaErrorCode.LibraryIncompatible, message: expect.stringMatching(/format 2 .*received format 1/) }),
    );
  });

  it('refuses truncated or padded blobs with InvalidParameter', () => {
    const blob = encodeImageHashes(hashImage(picture));
    const padded = new Uint8Array(blob.length + 1);
    padded.set(blob);
    for (const bad of [blob.subarray(0, 131), padded, new Uint8Array(3)]) {
      expect(() => decodeImageHashes(bad)).toThrowError(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    }
  });

  it('names the algorithm', () => {
    expect(IMAGE_ALGORITHM).toBe('image/phash64+pdq256');
    expect(IMAGE_ALGORITHM_VERSION).toBe(2);
  });
});
