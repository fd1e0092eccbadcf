/**
 * The first AAC track of an MP4/M4A/MOV file: its `AudioSpecificConfig` and where each access
 * unit lies (from `stsz`, `stsc` and `stco`/`co64`), read from the `moov` box alone, wherever it
 * sits in the file. The samples can then be cut from the file read front to back, as long as
 * they lie in file order (they do in every muxer's output; else this returns null).
 */
import { fourcc, scanTopLevelBoxes, uint32, uint64 } from '../../video/boxes.js';
import type { ByteReader } from '../reader.js';
import { readAudioSpecificConfig, type AacCoreConfig } from './audio-specific-config.js';

/** An AAC track's layout. */
export interface Mp4AacTrack {
  readonly config: AacCoreConfig;
  /** File offset and size of each access unit, in decoding order. */
  readonly offsets: Float64Array;
  readonly sizes: Uint32Array;
  /** Samples (at the core rate) the edit list skips at the start: the encoder's priming. */
  readonly primingSamples: number;
}

/** Largest `moov` read (a 3-hour AAC track's index is ~2 MiB; video tracks add more). */
const MAX_MOOV_BYTES = 64 << 20;

/** Largest access unit taken (48 channels at 6144 bits: far above any real stream). */
const MAX_ACCESS_UNIT_BYTES = 1 << 16;

/** Most access units (~11 days at 44.1 kHz). */
const MAX_SAMPLES = 40_000_000;

interface Box {
  readonly type: string;
  /** Payload range in the buffer. */
  readonly start: number;
  readonly end: number;
}

/** The boxes in `bytes[start, end)`; stops at the first malformed one. */
function children(bytes: Uint8Array, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = uint32(bytes, at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = uint64(bytes, at + 8);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) break;
    boxes.push({ type: fourcc(bytes, at + 4), start: at + header, end: at + size });
    at += size;
  }
  return boxes;
}

function child(bytes: Uint8Array, box: Box | undefined, type: string): Box | undefined {
  return box ? children(bytes, box.start, box.end).find((b) => b.type === type) : undefined;
}

/** An MPEG-4 descriptor's length (1–4 bytes of 7 bits) at `at`: [length, bytes used]. */
function descriptorLength(bytes: Uint8Array, at: number, end: number): [number, number] {
  let length = 0;
  for (let i = 0; i < 4 && at + i < end; i++) {
    length = (length << 7) | (bytes[at + i] & 0x7f);
    if ((bytes[at + i] & 0x80) === 0) return [length, i + 1];
  }
  return [-1, 0];
}

/** The DecoderSpecificInfo (the AudioSpecificConfig) of an `esds` box, if its object type is MPEG-4 audio. */
function configOfEsds(bytes: Uint8Array, esds: Box): Uint8Array | null {
  let at = esds.start + 4; // version, flags
  const end = esds.end;
  while (at + 2 <= end) {
    const tag = bytes[at];
    const [length, used] = descriptorLength(bytes, at + 1, end);
    if (length < 0) return null;
    const body = at + 1 + used;
    if (tag === 3) {
      // ES_Descriptor: ES_ID, flags, then optional fields, then nested descriptors.
      const flags = bytes[body + 2];
      at = body + 3 + (flags & 0x80 ? 2 : 0) + (flags & 0x40 ? 1 + bytes[body + 3 + (flags & 0x80 ? 2 : 0)] : 0) + (flags & 0x20 ? 2 : 0);
    } else if (tag === 4) {
      // objectTypeIndication: MPEG-4 audio (0x40) or MPEG-2 AAC Main/LC/SSR (0x66-0x68); the
      // AudioSpecificConfig then says which profile.
      if (bytes[body] !== 0x40 && (bytes[body] < 0x66 || bytes[body] > 0x68)) return null;
      at = body + 13;
    } else if (tag === 5) {
      return body + length <= end ? bytes.subarray(body, body + length) : null;
    } else {
      at = body + length;
    }
  }
  return null;
}

/** The `esds` box inside an `mp4a` sample entry (QuickTime files may nest it in `wave`). */
function esdsOf(bytes: Uint8Array, mp4a: Box): Box | undefined {
  const version = (bytes[mp4a.start + 8] << 8) | bytes[mp4a.start + 9];
  const fixed = version === 1 ? 44 : version === 2 ? 64 : 28;
  const inner = children(bytes, mp4a.start + fixed, mp4a.end);
  return inner.find((b) => b.type === 'esds') ?? child(bytes, inner.find((b) => b.type === 'wave'), 'esds');
}

/** Sample offsets from the sample-to-chunk runs and chunk offsets; null when the tables disagree. */
function sampleOffsets(bytes: Uint8Array, stsc: Box, chunkOffsets: Float64Array, sizes: Uint32Array): Float64Array | null {
  const runs = uint32(bytes, stsc.start + 4);
  if (stsc.start + 8 + runs * 12 > stsc.end || runs === 0) return null;
  const offsets = new Float64Array(sizes.length);
  let sample = 0;
  for (let r = 0; r < runs; r++) {
    const first = uint32(bytes, stsc.start + 8 + r * 12) - 1;
    const perChunk = uint32(bytes, stsc.start + 12 + r * 12);
    const last = r + 1 < runs ? uint32(bytes, stsc.start + 20 + r * 12) - 1 : chunkOffsets.length;
    if (first < 0 || last > chunkOffsets.length || last < first) return null;
    for (let c = first; c < last && sample < sizes.length; c++) {
      let at = chunkOffsets[c];
      for (let i = 0; i < perChunk && sample < sizes.length; i++) {
        offsets[sample] = at;
        at += sizes[sample++];
      }
    }
  }
  return sample === sizes.length ? offsets : null;
}

/** The first AAC-LC-core track of an MP4 file, or null when there is none this decoder reads. */
export async function readMp4AacTrack(reader: ByteReader): Promise<Mp4AacTrack | null> {
  const scan = await scanTopLevelBoxes((offset, length) => reader.read(offset, length), reader.size);
  const moovBox = scan.boxes.find((box) => box.type === 'moov');
  if (!moovBox || moovBox.size > MAX_MOOV_BYTES || scan.boxes.some((box) => box.type === 'moof')) return null;
  const bytes = (await reader.read(moovBox.offset, moovBox.size)).slice();
  if (bytes.length < moovBox.size) return null;
  for (const trak of children(bytes, moovBox.headerSize, bytes.length).filter((b) => b.type === 'trak')) {
    const mdia = child(bytes, trak, 'mdia');
    const hdlr = child(bytes, mdia, 'hdlr');
    if (!hdlr || fourcc(bytes, hdlr.start + 8) !== 'soun') continue;
    const stbl = child(bytes, child(bytes, mdia, 'minf'), 'stbl');
    const stsd = child(bytes, stbl, 'stsd');
    if (!stbl || !stsd) continue;
    const entry = children(bytes, stsd.start + 8, stsd.end)[0];
    if (!entry || entry.type !== 'mp4a') continue;
    const esds = esdsOf(bytes, entry);
    const asc = esds ? configOfEsds(bytes, esds) : null;
    const config = asc ? readAudioSpecificConfig(asc) : null;
    if (!config) return null;
    const track = readSampleTables(bytes, stbl, reader.size);
    if (!track) return null;
    return { config, ...track, primingSamples: primingOf(bytes, trak, child(bytes, mdia, 'mdhd'), config.sampleRate) };
  }
  return null;
}

function readSampleTables(bytes: Uint8Array, stbl: Box, fileSize: number): { offsets: Float64Array; sizes: Uint32Array } | null {
  const stsz = child(bytes, stbl, 'stsz');
  const stsc = child(bytes, stbl, 'stsc');
  const stco = child(bytes, stbl, 'stco');
  const co64 = child(bytes, stbl, 'co64');
  if (!stsz || !stsc || (!stco && !co64)) return null;
  const constant = uint32(bytes, stsz.start + 4);
  const count = uint32(bytes, stsz.start + 8);
  // Every access unit takes at least a byte of the file: a hostile count cannot size the tables.
  if (count === 0 || count > MAX_SAMPLES || count > fileSize || (constant === 0 && stsz.start + 12 + count * 4 > stsz.end)) return null;
  const sizes = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    sizes[i] = constant || uint32(bytes, stsz.start + 12 + i * 4);
    // An access unit holds at most 6144 bits per channel: a larger one is not AAC, and would make
    // the decoder buffer that much of the file.
    if (sizes[i] > MAX_ACCESS_UNIT_BYTES) return null;
  }
  const table = (stco ?? co64)!;
  const chunks = uint32(bytes, table.start + 4);
  const width = stco ? 4 : 8;
  if (table.start + 8 + chunks * width > table.end) return null;
  const chunkOffsets = new Float64Array(chunks);
  for (let c = 0; c < chunks; c++) {
    const at = table.start + 8 + c * width;
    chunkOffsets[c] = width === 4 ? uint32(bytes, at) : uint64(bytes, at);
  }
  const offsets = sampleOffsets(bytes, stsc, chunkOffsets, sizes);
  if (!offsets) return null;
  // File order, inside the file (a cut file ends at its last whole sample).
  let kept = count;
  for (let i = 0; i < count; i++) {
    if (i > 0 && offsets[i] < offsets[i - 1] + sizes[i - 1]) return null;
    if (offsets[i] + sizes[i] > fileSize) {
      kept = i;
      break;
    }
  }
  return { offsets: offsets.subarray(0, kept), sizes: sizes.subarray(0, kept) };
}

/** The edit list's start in the media, in samples at `sampleRate` (0 without one). */
function primingOf(bytes: Uint8Array, trak: Box, mdhd: Box | undefined, sampleRate: number): number {
  const elst = child(bytes, child(bytes, trak, 'edts'), 'elst');
  if (!elst || !mdhd) return 0;
  const timescale = bytes[mdhd.start] === 1 ? uint32(bytes, mdhd.start + 20) : uint32(bytes, mdhd.start + 12);
  const version = bytes[elst.start];
  const entries = uint32(bytes, elst.start + 4);
  for (let e = 0; e < entries; e++) {
    const at = elst.start + 8 + e * (version === 1 ? 20 : 12);
    if (at + (version === 1 ? 20 : 12) > elst.end) break;
    const mediaTime = version === 1 ? uint64(bytes, at + 8) : uint32(bytes, at + 4) | 0;
    if (mediaTime === -1 || (version === 1 && uint32(bytes, at + 8) === 0xffffffff)) continue; // an empty edit
    return timescale > 0 ? Math.max(0, Math.round((mediaTime * sampleRate) / timescale)) : 0;
  }
  return 0;
}
