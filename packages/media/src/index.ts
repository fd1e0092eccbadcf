// image
export { decodeImage, decodeImageFile, jpegShrinkFactor } from './image/decode.js';
export { readImageHeader } from './image/header.js';
export { readJpegOrientation } from './image/exif.js';
export { applyOrientation } from './image/orient.js';
export type { RgbaPixels } from './image/orient.js';
export { DEFAULT_MAX_PIXELS } from './image/types.js';
export type { DecodedImage, DecodeImageOptions, ImageHeader } from './image/types.js';
