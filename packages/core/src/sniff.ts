/**
 * Format sniffing by magic bytes. Extensions are never trusted: a text file named `.jpg`
 * sniffs as text and fails as an image with a clear code.
 */

/** Container or codec family recognised from the first bytes of a file. */
export type SniffedFormat =
  | 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'bmp' | 'avif' | 'heic'
  | 'wav' | 'mp3' | 'flac' | 'ogg-vorbis' | 'ogg-opus' | 'ogg' | 'aac' | 'm4a'
  | 'mp4' | 'mov' | 'matroska' | 'webm' | 'avi' | 'mpegts' | 'flv'
  | 'pdf' | 'text' | 'unknown';

/** Broad kind of a sniffed format. */
export type MediaKind = 'image' | 'audio' | 'video' | 'text' | 'unknown';

/** How many leading bytes {@link sniffFormat} wants to see (it works with fewer). */
export const SNIFF_BYTES = 4096;

const KIND_OF_FORMAT: Readonly<Record<SniffedFormat, MediaKind>> = Object.freeze({
  jpeg: 'image', png: 'image', gif: 'image', webp: 'image', tiff: 'image', bmp: 'image', avif: 'image', heic: 'image',
  wav: 'audio', mp3: 'audio', flac: 'audio', 'ogg-vorbis': 'audio', 'ogg-opus': 'audio', ogg: 'audio', aac: 'audio', m4a: 'audio',
  mp4: 'video', mov: 'video', matroska: 'video', webm: 'video', avi: 'video', mpegts: 'video', flv: 'video',
  pdf: 'unknown', text: 'text', unknown: 'unknown',
});

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let out = '';
  const end = Math.min(bytes.length, offset + length);
  for (let i = offset; i < end; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[offset + i] !== signature[i]) return false;
  return true;
}

function sniffIsoBmff(bytes: Uint8Array): SniffedFormat | null {
  if (ascii(bytes, 4, 4) !== 'ftyp') return null;
  const boxSize = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  const end = Math.min(bytes.length, Math.max(16, Math.min(boxSize, 256)));
  const brands: string[] = [ascii(bytes, 8, 4)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, 4));
  if (brands.some((b) => b === 'avif' || b === 'avis')) return 'avif';
  if (brands.some((b) => b === 'heic' || b === 'heix' || b === 'hevc' || b === 'heim' || b === 'heis' || b === 'mif1' || b === 'msf1')) return 'heic';
  if (brands[0] === 'M4A ' || brands[0] === 'M4B ') return 'm4a';
  if (brands[0] === 'qt  ') return 'mov';
  return 'mp4';
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]) || startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control / bytes.length < 0.01;
}

function isMpegAudioFrame(bytes: Uint8Array, offset: number): boolean {
  if (offset + 1 >= bytes.length) return false;
  return bytes[offset] === 0xff && (bytes[offset + 1] & 0xe0) === 0xe0 && ((bytes[offset + 1] >> 1) & 3) !== 0;
}

/**
 * Recognise a format from the first bytes of a file (pass at least {@link SNIFF_BYTES} when
 * you have them). Returns `'unknown'` for anything not recognised, `'text'` for plain text.
 */
export function sniffFormat(head: Uint8Array): SniffedFormat {
  const b = head;
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 4) === 'GIF8') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF') {
    const form = ascii(b, 8, 4);
    if (form === 'WEBP') return 'webp';
    if (form === 'WAVE') return 'wav';
    if (form === 'AVI ') return 'avi';
  }
  if (ascii(b, 0, 4) === 'RF64' && ascii(b, 8, 4) === 'WAVE') return 'wav';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(b, 0, 2) === 'BM' && b.length >= 26 && b[14] >= 12 && b[15] === 0) return 'bmp';
  const iso = sniffIsoBmff(b);
  if (iso) return iso;
  if (ascii(b, 0, 4) === 'fLaC') return 'flac';
  if (ascii(b, 0, 4) === 'OggS') {
    const page = ascii(b, 0, Math.min(b.length, 128));
    if (page.includes('OpusHead')) return 'ogg-opus';
    if (page.includes('vorbis')) return 'ogg-vorbis';
    return 'ogg';
  }
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return ascii(b, 0, 64).includes('webm') ? 'webm' : 'matroska';
  if (ascii(b, 0, 3) === 'FLV') return 'flv';
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
  if (b.length >= 377 && b[0] === 0x47 && b[188] === 0x47 && b[376] === 0x47) return 'mpegts';
  if (ascii(b, 0, 3) === 'ID3') return 'mp3';
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xf6) === 0xf0) return 'aac';
  if (isMpegAudioFrame(b, 0)) return 'mp3';
  if (looksLikeText(b)) return 'text';
  return 'unknown';
}

/** The broad kind (image, audio, video, text) of a sniffed format. */
export function kindOfFormat(format: SniffedFormat): MediaKind {
  return KIND_OF_FORMAT[format];
}
