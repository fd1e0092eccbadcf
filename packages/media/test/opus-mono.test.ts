import { readFileSync } from 'node:fs';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { describe, expect, it } from 'vitest';
import { OpusMonoDecoder, probeOpusMono, readOpusHead } from '../src/audio/opus/mono-decoder.js';
import { OggPacketReader } from '../src/audio/ogg-packets.js';
import { loadSimdLibopus } from '../src/audio/opus/libopus-simd.js';
import { oggOpusSamples } from '../src/audio/ogg-opus-length.js';
import { openByteReader } from '../src/audio/reader.js';
import { averageChannels, decodeWhole, snr } from './low-band-helpers.js';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../../../fixtures/audio/${name}`, import.meta.url));

/** ogg-opus-decoder at 8 kHz, channels averaged: what the mono decoder replaces. */
async function reference(bytes: Uint8Array): Promise<Float32Array> {
  const decoder = new OggOpusDecoder({ sampleRate: 8000 });
  await decoder.ready;
  const first = await decoder.decode(bytes);
  decoder.free();
  return averageChannels(first);
}

describe('Ogg Opus to mono', () => {
  // Mono streams decode to the same samples. For a stereo stream libopus mixes the channels inside
  // the decoder: the average of a stereo decode where the stream codes both channels in full (139 dB
  // on a 96 kb/s file), a close downmix where it codes stereo parametrically at low bit rates (23 dB
  // on this 48 kb/s fixture): the same music, not the same samples.
  // The SIMD libopus (@evan/opus, the default in Node) returns 16-bit samples: 70+ dB from the
  // float decode at best (measured 76-77 dB on the 20 s files), so its bar is 70 dB there.
  it.each([
    ['heroes-20s.opus', 100, false],
    ['battle-20s.opus', 100, false],
    ['heroes-5s.opus', 18, false],
    ['heroes-20s.opus', 70, true],
    ['battle-20s.opus', 70, true],
    ['heroes-5s.opus', 18, true],
  ] as const)('%s: the stream\u2019s length and a mono mix of its channels (SIMD libopus: %s dB, %s)', async (name, minimumDb, simd) => {
    const bytes = fixture(name);
    const head = readOpusHead(new OggPacketReader().push(bytes.subarray(0, 65536))[0])!;
    const decoded = decodeWhole(await OpusMonoDecoder.create(8000, head.preSkip, { simd }), bytes);
    expect(decoded.rate).toBe(8000);
    expect(decoded.errors).toBe(0);
    // The same start (pre-skip) and the length the last granule position gives: 48 kHz samples / 6.
    expect(Math.abs(decoded.pcm.length - Math.round((await oggOpusSamples(await openByteReader({ type: 'bytes', bytes, name })))! / 6))).toBeLessThanOrEqual(1);
    const expected = await reference(bytes);
    expect(snr(expected, decoded.pcm, 0, Math.min(expected.length, decoded.pcm.length))).toBeGreaterThan(minimumDb);
  });

  it('loads the SIMD libopus in Node (the faster default)', async () => {
    expect(await loadSimdLibopus(8000, 0)).not.toBeNull();
  });

  it('takes mono and stereo streams only, and trims a cut file to its last complete page', async () => {
    expect(probeOpusMono(fixture('heroes-5s.opus').subarray(0, 65536))).not.toBeNull();
    expect(probeOpusMono(fixture('heroes-5s.ogg').subarray(0, 65536))).toBeNull(); // Vorbis
    const bytes = fixture('heroes-5s.opus');
    const head = readOpusHead(new OggPacketReader().push(bytes)[0])!;
    const cut = decodeWhole(await OpusMonoDecoder.create(8000, head.preSkip), bytes.subarray(0, bytes.length >> 1));
    expect(cut.pcm.length).toBeGreaterThan(8000);
    expect(cut.pcm.length).toBeLessThan(5 * 8000 * 0.7);
    expect(cut.pcm.every(Number.isFinite)).toBe(true);
  });
});
