/**
 * Per-frame hashing: crop black borders, then the image package's 256-bit PDQ hash of the
 * picture, of its mirror image (the `flip` dihedral variant, derived from the same DCT; whole-
 * picture hashing only, `ImageHasher.hashWhole`) and of
 * its central part ({@link CENTER_SHARE} of each side). PDQ does not survive cropping (10% off
 * each side moves ~100 of 256 bits), so the central hash is what a cropped or zoomed copy of
 * this frame matches.
 */
import { ImageHasher, PDQ_WORDS } from '@mediadna/image';
import type { DihedralTransform } from '@mediadna/image';
import { cropToLuma, findPicture } from './borders.js';
import type { CropBox } from './borders.js';

/** The transforms hashed per frame: the picture and its mirror image (`variants[1]`). */
const MIRROR: readonly DihedralTransform[] = Object.freeze(['identity', 'flip'] as DihedralTransform[]);

/**
 * One decoded gray frame, as the decoder hands it over (structurally a gray `DecodedFrame` of
 * `@mediadna/media`, which this package does not depend on).
 */
export interface VideoFrame {
  /** height x width luma bytes, row-major. */
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Bytes per pixel; only 1 (gray) is accepted. Absent means 1. */
  readonly channels?: number;
}

/** Share of width and height kept by the central hash (0.8 = 10% cut from each side). */
export const CENTER_SHARE = 0.8;

/** Growable per-frame arrays of a fingerprint under construction (doubling). */
export class FrameHashList {
  count = 0;
  times: Float32Array = new Float32Array(256);
  quality: Uint8Array = new Uint8Array(256);
  pdq: Uint32Array = new Uint32Array(256 * PDQ_WORDS);
  pdqFlip: Uint32Array = new Uint32Array(256 * PDQ_WORDS);
  pdqCenter: Uint32Array = new Uint32Array(256 * PDQ_WORDS);

  /** Make room for one more frame; returns its index. */
  next(): number {
    if (this.count === this.times.length) {
      const size = this.times.length * 2;
      const times = new Float32Array(size);
      times.set(this.times);
      this.times = times;
      const quality = new Uint8Array(size);
      quality.set(this.quality);
      this.quality = quality;
      const pdq = new Uint32Array(size * PDQ_WORDS);
      pdq.set(this.pdq);
      this.pdq = pdq;
      const pdqFlip = new Uint32Array(size * PDQ_WORDS);
      pdqFlip.set(this.pdqFlip);
      this.pdqFlip = pdqFlip;
      const pdqCenter = new Uint32Array(size * PDQ_WORDS);
      pdqCenter.set(this.pdqCenter);
      this.pdqCenter = pdqCenter;
    }
    return this.count++;
  }
}

/** Hashes frames into a {@link FrameHashList}; scratch buffers are reused. */
export class FrameHasher {
  private readonly hasher: ImageHasher = new ImageHasher();
  private luma: Float32Array = new Float32Array(0);
  private readonly crop: CropBox = { left: 0, top: 0, width: 0, height: 0 };
  private readonly center: CropBox = { left: 0, top: 0, width: 0, height: 0 };
  /** Frames whose borders were cropped. */
  cropped = 0;

  /** Hash one gray frame shown at `timeSeconds` and append it to `list`. */
  push(frame: VideoFrame, timeSeconds: number, list: FrameHashList): void {
    const crop = findPicture(frame.pixels, frame.width, frame.height, this.crop);
    if (crop.width !== frame.width || crop.height !== frame.height) this.cropped++;
    const size = crop.width * crop.height;
    if (this.luma.length < size) this.luma = new Float32Array(size);
    cropToLuma(frame.pixels, frame.width, crop, this.luma);
    const hashes = this.hasher.hashWhole({ width: crop.width, height: crop.height, luma: this.luma.subarray(0, size) }, MIRROR);
    const i = list.next();
    list.times[i] = timeSeconds;
    list.quality[i] = Math.round(hashes.quality);
    list.pdq.set(hashes.pdq, i * PDQ_WORDS);
    list.pdqFlip.set(hashes.variants[1].pdq, i * PDQ_WORDS);
    const center = this.center;
    const cutX = Math.round((crop.width * (1 - CENTER_SHARE)) / 2);
    const cutY = Math.round((crop.height * (1 - CENTER_SHARE)) / 2);
    center.left = crop.left + cutX;
    center.top = crop.top + cutY;
    center.width = crop.width - 2 * cutX;
    center.height = crop.height - 2 * cutY;
    const centerSize = center.width * center.height;
    cropToLuma(frame.pixels, frame.width, center, this.luma);
    list.pdqCenter.set(this.hasher.hashWhole({ width: center.width, height: center.height, luma: this.luma.subarray(0, centerSize) }).pdq, i * PDQ_WORDS);
  }
}
