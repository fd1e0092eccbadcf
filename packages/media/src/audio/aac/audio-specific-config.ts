/**
 * The `AudioSpecificConfig` of an MPEG-4 audio track (ISO/IEC 14496-3 1.6.2.1), as far as an
 * AAC-LC core needs it. HE-AAC (SBR, parametric stereo) is an LC core plus a high band: the core
 * alone holds the band below a quarter of the output rate, all a fingerprint reads.
 */
import { FlacBitReader as BitReader } from '../flac/bit-reader.js';
import { AAC_SAMPLE_RATES } from './band-tables.js';

/** What the low-band decoder needs of a track. */
export interface AacCoreConfig {
  /** `samplingFrequencyIndex` of the core (0–12). */
  readonly samplingFrequencyIndex: number;
  /** The core's sample rate. */
  readonly sampleRate: number;
  /** `channelConfiguration` (1–7; 0 means a program config element in the stream). */
  readonly channelConfiguration: number;
}

function objectType(reader: BitReader): number {
  const type = reader.read(5);
  return type === 31 ? 32 + reader.read(6) : type;
}

function frequencyIndex(reader: BitReader): number {
  const index = reader.read(4);
  if (index === 15) {
    reader.read(24);
    return -1; // an explicit rate: no band tables for it
  }
  return index;
}

/** The config of an LC core in `bytes`, or null when the stream is not one (Main, LTP, ER, 960-sample frames, explicit rates). */
export function readAudioSpecificConfig(bytes: Uint8Array): AacCoreConfig | null {
  if (bytes.length < 2) return null;
  try {
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes);
    const reader = new BitReader();
    reader.reset(padded, 0, bytes.length);
    let type = objectType(reader);
    const index = frequencyIndex(reader);
    const channelConfiguration = reader.read(4);
    if (type === 5 || type === 29) {
      frequencyIndex(reader); // the SBR output rate
      type = objectType(reader);
    }
    if (type !== 2) return null; // the core of LC, SBR (5) and PS (29) streams
    if (reader.read(1) === 1) return null; // frameLengthFlag: 960-sample frames
    if (index < 0 || index > 12 || channelConfiguration > 7) return null;
    return { samplingFrequencyIndex: index, sampleRate: AAC_SAMPLE_RATES[index], channelConfiguration };
  } catch {
    return null;
  }
}
