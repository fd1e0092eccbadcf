/** Deterministic synthetic pictures and edits for the image tests (no fixtures needed). */
import type { RgbaImage } from '../src/luma.js';

/** Mulberry32: small seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A "photo-like" picture: smooth colour gradients plus a dozen soft blobs and a few hard-edged
 * shapes, all placed by `seed`. Different seeds give unrelated pictures.
 */
export function syntheticPicture(width: number, height: number, seed: number): RgbaImage {
  const random = seededRandom(seed);
  const blobs: number[][] = [];
  for (let i = 0; i < 40; i++) {
    const radius = (i < 10 ? 0.1 + random() * 0.2 : 0.02 + random() * 0.06) * width;
    blobs.push([random() * width, random() * height, radius, random() * 2 - 1, random() * 2 - 1, random() * 2 - 1]);
  }
  const boxes: number[][] = [];
  for (let i = 0; i < 8; i++) {
    const x0 = random() * width;
    const y0 = random() * height;
    boxes.push([x0, y0, x0 + random() * width * 0.4, y0 + random() * height * 0.4, random() * 160 - 80]);
  }
  const gradient = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      let r = 128 + 60 * gradient[0] * (u - 0.5) + 40 * Math.sin(6 * v + gradient[1] * 3);
      let g = 128 + 60 * gradient[1] * (v - 0.5) + 40 * Math.cos(5 * u + gradient[2] * 3);
      let b = 128 + 60 * gradient[2] * (u + v - 1);
      for (const [bx, by, radius, dr, dg, db] of blobs) {
        const dx = x - bx;
        const dy = y - by;
        const weight = 90 * Math.exp(-(dx * dx + dy * dy) / (radius * radius));
        r += weight * dr;
        g += weight * dg;
        b += weight * db;
      }
      for (const [x0, y0, x1, y1, shift] of boxes) {
        if (x >= x0 && x < x1 && y >= y0 && y < y1) {
          r += shift;
          g += shift;
          b += shift;
        }
      }
      const p = (y * width + x) * 4;
      data[p] = clamp(r);
      data[p + 1] = clamp(g);
      data[p + 2] = clamp(b);
      data[p + 3] = 255;
    }
  }
  return { width, height, data };
}

function clamp(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
}

/** Box-average downscale by an integer factor. */
export function shrink(image: RgbaImage, factor: number): RgbaImage {
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) sum += image.data[((y * factor + dy) * image.width + x * factor + dx) * 4 + c];
        }
        data[(y * width + x) * 4 + c] = Math.round(sum / (factor * factor));
      }
    }
  }
  return { width, height, data };
}

/** Bilinear resize to any size (a non-integer rescale). */
export function resizeBilinear(image: RgbaImage, width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, ((y + 0.5) * image.height) / height - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, ((x + 0.5) * image.width) / width - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = sx - x0;
      for (let c = 0; c < 4; c++) {
        const at = (xx: number, yy: number): number => image.data[(yy * image.width + xx) * 4 + c];
        const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
        const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
        data[(y * width + x) * 4 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width, height, data };
}

/** Map every channel through `f` (brightness, contrast, gamma). */
export function mapChannels(image: RgbaImage, f: (value: number) => number): RgbaImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (i & 3) === 3 ? image.data[i] : clamp(f(image.data[i]));
  return { width: image.width, height: image.height, data };
}

/**
 * JPEG-like damage: 8x8 blocks flattened towards their mean by `strength` (0..1, like
 * discarding high frequencies), then uniform noise of ±`noise` levels.
 */
export function blockQuantise(image: RgbaImage, strength: number, noise: number, seed: number): RgbaImage {
  const random = seededRandom(seed);
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        let count = 0;
        for (let y = by; y < Math.min(height, by + 8); y++) {
          for (let x = bx; x < Math.min(width, bx + 8); x++, count++) sum += image.data[(y * width + x) * 4 + c];
        }
        const mean = sum / count;
        for (let y = by; y < Math.min(height, by + 8); y++) {
          for (let x = bx; x < Math.min(width, bx + 8); x++) {
            const p = (y * width + x) * 4 + c;
            data[p] = clamp(image.data[p] + (mean - image.data[p]) * strength + (random() * 2 - 1) * noise);
          }
        }
      }
    }
  }
  return { width, height, data };
}

/** Crop `fraction` of the width and height away, split between the sides by `leftShare`. */
export function crop(image: RgbaImage, fraction: number, leftShare = 0.5): RgbaImage {
  const cutX = Math.round(image.width * fraction);
  const cutY = Math.round(image.height * fraction);
  const x0 = Math.round(cutX * leftShare);
  const y0 = Math.round(cutY * leftShare);
  const width = image.width - cutX;
  const height = image.height - cutY;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    data.set(image.data.subarray(((y + y0) * image.width + x0) * 4, ((y + y0) * image.width + x0 + width) * 4), y * width * 4);
  }
  return { width, height, data };
}

/**
 * A caption drawn into the pixels: a dark band across the bottom `bandFraction` of the picture
 * with white glyph-like strokes (short bars of pseudo-random lengths), like subtitle text.
 */
export function overlayCaption(image: RgbaImage, bandFraction: number, seed: number): RgbaImage {
  const random = seededRandom(seed);
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  const top = Math.round(height * (1 - bandFraction));
  for (let y = top; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      data[p] = data[p] >> 2;
      data[p + 1] = data[p + 1] >> 2;
      data[p + 2] = data[p + 2] >> 2;
    }
  }
  const glyphHeight = Math.max(3, Math.round((height - top) * 0.6));
  const glyphTop = top + Math.round((height - top - glyphHeight) / 2);
  for (let x = Math.round(width * 0.05); x < width * 0.95; ) {
    const glyphWidth = 2 + Math.floor(random() * glyphHeight * 0.6);
    for (let y = glyphTop; y < glyphTop + glyphHeight; y++) {
      for (let gx = x; gx < Math.min(width, x + glyphWidth); gx++) {
        const stroke = gx === x || y === glyphTop || random() < 0.15;
        if (!stroke) continue;
        const p = (y * width + gx) * 4;
        data[p] = data[p + 1] = data[p + 2] = 250;
      }
    }
    x += glyphWidth + 2 + Math.floor(random() * 4);
  }
  return { width, height, data };
}

/** A uniform image of one colour. */
export function flatImage(width: number, height: number, value: number): RgbaImage {
  const data = new Uint8Array(width * height * 4).fill(value);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width, height, data };
}

/**
 * A watermark like the eval corpus's overlay edit: a semi-transparent square logo (bright
 * checker, 60 % opaque, `logoFraction` of the shorter side) near the top-left corner, and a
 * caption of white glyph bars with dark outlines along the bottom centre (no band behind it).
 */
export function overlayWatermark(image: RgbaImage, logoFraction: number, seed: number): RgbaImage {
  const random = seededRandom(seed);
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  const side = Math.round(Math.min(width, height) * logoFraction);
  const margin = Math.round(Math.min(width, height) * 0.02);
  const cell = Math.max(2, Math.round(side / 6));
  for (let y = margin; y < Math.min(height, margin + side); y++) {
    for (let x = margin; x < Math.min(width, margin + side); x++) {
      const value = (((x - margin) / cell) ^ ((y - margin) / cell)) & 1 ? 240 : 30;
      const p = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[p + c] = Math.round(0.4 * data[p + c] + 0.6 * value);
    }
  }
  const glyphHeight = Math.max(4, Math.round(height * 0.06));
  const glyphTop = height - Math.round(height * 0.03) - glyphHeight;
  for (let x = Math.round(width * 0.15); x < width * 0.85; ) {
    const glyphWidth = 2 + Math.floor(random() * glyphHeight * 0.7);
    for (let y = glyphTop - 1; y <= glyphTop + glyphHeight; y++) {
      for (let gx = x - 1; gx <= Math.min(width - 1, x + glyphWidth); gx++) {
        const outline = y < glyphTop || y === glyphTop + glyphHeight || gx < x || gx === x + glyphWidth;
        const p = (y * width + gx) * 4;
        data[p] = data[p + 1] = data[p + 2] = outline ? 10 : 250;
      }
    }
    x += glyphWidth + 3 + Math.floor(random() * 5);
  }
  return { width, height, data };
}
