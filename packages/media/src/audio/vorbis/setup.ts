/**
 * Vorbis headers (spec section 4.2): identification (channels, rate, block sizes) and setup
 * (codebooks, floors, residues, mappings, modes). Floor type 0 (unused by encoders since 2002) is
 * refused with {@link VorbisSetupError}, so such streams stay with libvorbis.
 */
import { BitReader, ilog } from './bit-reader.js';
import { readCodebook, VorbisSetupError, type Codebook } from './codebook.js';

export interface VorbisIdentification {
  readonly channels: number;
  readonly sampleRate: number;
  /** Short and long block sizes. */
  readonly blockSizes: readonly [number, number];
}

/** Floor type 1 (spec section 7). */
export interface Floor1 {
  readonly partitionClasses: Uint8Array;
  readonly classDimensions: Uint8Array;
  readonly classSubclasses: Uint8Array;
  readonly classMasterbooks: Int16Array;
  /** [class][subclass] book, -1 for none. */
  readonly subclassBooks: readonly Int16Array[];
  readonly multiplier: number;
  /** X values in header order (the first two are 0 and 2^rangebits). */
  readonly xList: Int32Array;
  /** Per X value: its low and high neighbours (for i ≥ 2). */
  readonly lowNeighbour: Int32Array;
  readonly highNeighbour: Int32Array;
  /** Indices of xList sorted by X. */
  readonly sortedOrder: Int32Array;
}

/** Residue types 0, 1 and 2 (spec section 8). */
export interface Residue {
  readonly type: number;
  readonly begin: number;
  readonly end: number;
  readonly partitionSize: number;
  readonly classifications: number;
  readonly classbook: number;
  /** [class][pass] book, -1 for none. */
  readonly books: readonly Int16Array[];
  /** The same flat: book of class c in pass p at c * 8 + p. */
  readonly bookOf: Int16Array;
  /** The last pass any class codes (later passes are empty). */
  readonly lastPass: number;
}

export interface Mapping {
  readonly couplingMagnitude: Uint8Array;
  readonly couplingAngle: Uint8Array;
  /** Submap of each channel. */
  readonly mux: Uint8Array;
  readonly submapFloor: Uint8Array;
  readonly submapResidue: Uint8Array;
}

export interface Mode {
  readonly blockFlag: number;
  readonly mapping: number;
}

export interface VorbisSetup {
  readonly codebooks: readonly Codebook[];
  readonly floors: readonly Floor1[];
  readonly residues: readonly Residue[];
  readonly mappings: readonly Mapping[];
  readonly modes: readonly Mode[];
}

function checkHeader(reader: BitReader, type: number): void {
  if (reader.read(8) !== type) throw new VorbisSetupError(`expected Vorbis header ${type}`);
  const magic = [0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]; // "vorbis"
  for (const byte of magic) if (reader.read(8) !== byte) throw new VorbisSetupError('not a Vorbis header');
}

/** The identification header (first packet). */
export function readIdentification(packet: Uint8Array): VorbisIdentification {
  const reader = new BitReader();
  reader.reset(packet);
  checkHeader(reader, 1);
  if (reader.read(32) !== 0) throw new VorbisSetupError('unknown Vorbis version');
  const channels = reader.read(8);
  const sampleRate = reader.read(32);
  reader.skip(96); // bit rates
  const short = 1 << reader.read(4);
  const long = 1 << reader.read(4);
  if (channels === 0 || sampleRate === 0 || short < 64 || long < short || long > 8192) throw new VorbisSetupError('bad identification header');
  return { channels, sampleRate, blockSizes: [short, long] };
}

function readFloor1(reader: BitReader, books: number): Floor1 {
  const partitions = reader.read(5);
  const partitionClasses = new Uint8Array(partitions);
  let maxClass = -1;
  for (let p = 0; p < partitions; p++) maxClass = Math.max(maxClass, (partitionClasses[p] = reader.read(4)));
  const classDimensions = new Uint8Array(maxClass + 1);
  const classSubclasses = new Uint8Array(maxClass + 1);
  const classMasterbooks = new Int16Array(maxClass + 1).fill(-1);
  const subclassBooks: Int16Array[] = [];
  for (let c = 0; c <= maxClass; c++) {
    classDimensions[c] = reader.read(3) + 1;
    classSubclasses[c] = reader.read(2);
    if (classSubclasses[c]) classMasterbooks[c] = reader.read(8);
    const list = new Int16Array(1 << classSubclasses[c]);
    for (let j = 0; j < list.length; j++) list[j] = reader.read(8) - 1;
    subclassBooks.push(list);
    if (classMasterbooks[c] >= books || list.some((b) => b >= books)) throw new VorbisSetupError('floor book out of range');
  }
  const multiplier = reader.read(2) + 1;
  const rangeBits = reader.read(4);
  const xs = [0, 1 << rangeBits];
  for (let p = 0; p < partitions; p++) for (let j = 0; j < classDimensions[partitionClasses[p]]; j++) xs.push(reader.read(rangeBits));
  if (xs.length > 65) throw new VorbisSetupError('too many floor1 values');
  if (new Set(xs).size !== xs.length) throw new VorbisSetupError('floor1 X values repeat'); // the spec forbids it: a line would divide by 0
  const xList = Int32Array.from(xs);
  const lowNeighbour = new Int32Array(xs.length);
  const highNeighbour = new Int32Array(xs.length);
  for (let i = 2; i < xs.length; i++) {
    let low = 0;
    let high = 1;
    for (let j = 0; j < i; j++) {
      if (xs[j] < xs[i] && xs[j] > xs[low]) low = j;
      if (xs[j] > xs[i] && xs[j] < xs[high]) high = j;
    }
    lowNeighbour[i] = low;
    highNeighbour[i] = high;
  }
  const sortedOrder = Int32Array.from(xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]));
  return { partitionClasses, classDimensions, classSubclasses, classMasterbooks, subclassBooks, multiplier, xList, lowNeighbour, highNeighbour, sortedOrder };
}

function readResidue(reader: BitReader, books: number): Residue {
  const type = reader.read(16);
  if (type > 2) throw new VorbisSetupError(`residue type ${type}`);
  const begin = reader.read(24);
  const end = reader.read(24);
  const partitionSize = reader.read(24) + 1;
  const classifications = reader.read(6) + 1;
  const classbook = reader.read(8);
  const cascades: number[] = [];
  for (let c = 0; c < classifications; c++) {
    const low = reader.read(3);
    const high = reader.read(1) ? reader.read(5) : 0;
    cascades.push(high * 8 + low);
  }
  const list: Int16Array[] = cascades.map((cascade) => {
    const perPass = new Int16Array(8).fill(-1);
    for (let pass = 0; pass < 8; pass++) if (cascade & (1 << pass)) perPass[pass] = reader.read(8);
    return perPass;
  });
  if (classbook >= books || list.some((l) => l.some((b) => b >= books))) throw new VorbisSetupError('residue book out of range');
  const bookOf = new Int16Array(classifications * 8);
  let lastPass = 0;
  list.forEach((perPass, c) => perPass.forEach((book, pass) => {
    bookOf[c * 8 + pass] = book;
    if (book >= 0) lastPass = Math.max(lastPass, pass);
  }));
  return { type, begin, end, partitionSize, classifications, classbook, books: list, bookOf, lastPass };
}

function readMapping(reader: BitReader, channels: number, floors: number, residues: number): Mapping {
  if (reader.read(16) !== 0) throw new VorbisSetupError('unknown mapping type');
  const submaps = reader.read(1) ? reader.read(4) + 1 : 1;
  const steps = reader.read(1) ? reader.read(8) + 1 : 0;
  const couplingMagnitude = new Uint8Array(steps);
  const couplingAngle = new Uint8Array(steps);
  const bits = ilog(channels - 1);
  for (let s = 0; s < steps; s++) {
    couplingMagnitude[s] = reader.read(bits);
    couplingAngle[s] = reader.read(bits);
    if (couplingMagnitude[s] === couplingAngle[s] || couplingMagnitude[s] >= channels || couplingAngle[s] >= channels) throw new VorbisSetupError('bad channel coupling');
  }
  if (reader.read(2) !== 0) throw new VorbisSetupError('mapping reserved bits set');
  const mux = new Uint8Array(channels);
  if (submaps > 1) for (let ch = 0; ch < channels; ch++) if ((mux[ch] = reader.read(4)) >= submaps) throw new VorbisSetupError('bad mux');
  const submapFloor = new Uint8Array(submaps);
  const submapResidue = new Uint8Array(submaps);
  for (let s = 0; s < submaps; s++) {
    reader.skip(8);
    submapFloor[s] = reader.read(8);
    submapResidue[s] = reader.read(8);
    if (submapFloor[s] >= floors || submapResidue[s] >= residues) throw new VorbisSetupError('submap out of range');
  }
  return { couplingMagnitude, couplingAngle, mux, submapFloor, submapResidue };
}

/** The setup header (third packet). */
export function readSetup(packet: Uint8Array, channels: number): VorbisSetup {
  const reader = new BitReader();
  reader.reset(packet);
  checkHeader(reader, 5);
  const codebooks: Codebook[] = [];
  const bookCount = reader.read(8) + 1;
  for (let i = 0; i < bookCount; i++) codebooks.push(readCodebook(reader));
  const times = reader.read(6) + 1;
  for (let i = 0; i < times; i++) if (reader.read(16) !== 0) throw new VorbisSetupError('time domain transform');
  const floors: Floor1[] = [];
  const floorCount = reader.read(6) + 1;
  for (let i = 0; i < floorCount; i++) {
    const type = reader.read(16);
    if (type !== 1) throw new VorbisSetupError(`floor type ${type}`);
    floors.push(readFloor1(reader, bookCount));
  }
  const residues: Residue[] = [];
  const residueCount = reader.read(6) + 1;
  for (let i = 0; i < residueCount; i++) residues.push(readResidue(reader, bookCount));
  const mappings: Mapping[] = [];
  const mappingCount = reader.read(6) + 1;
  for (let i = 0; i < mappingCount; i++) mappings.push(readMapping(reader, channels, floorCount, residueCount));
  const modes: Mode[] = [];
  const modeCount = reader.read(6) + 1;
  for (let i = 0; i < modeCount; i++) {
    const blockFlag = reader.read(1);
    reader.skip(32); // window and transform types (0)
    const mapping = reader.read(8);
    if (mapping >= mappingCount) throw new VorbisSetupError('mode mapping out of range');
    modes.push({ blockFlag, mapping });
  }
  if (reader.overrun || reader.read(1) !== 1) throw new VorbisSetupError('setup header framing bit missing');
  for (const residue of residues) if (!codebooks[residue.classbook]) throw new VorbisSetupError('classbook missing');
  return { codebooks, floors, residues, mappings, modes };
}
