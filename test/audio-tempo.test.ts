/**
 * Time-stretching that keeps the pitch (ffmpeg's `atempo`, as a sped-up podcast or a DJ's tempo
 * change): a library search scales the query's frames back and reports the stretch. The stretched
 * copies are made here with the system ffmpeg that scripts/system-deps.sh installs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { concatFloat32, openInput } from '../packages/core/dist/index.js';
import { decodeAudioMono } from '../packages/media/dist/index.js';
import { AudioLibrary, hashAudio } from '../packages/audio/dist/index.js';
import type { AudioMatch } from '../packages/audio/dist/index.js';

const SOURCE = fileURLToPath(new URL('../fixtures/audio/battle-20s.opus', import.meta.url));
const OTHER = fileURLToPath(new URL('../fixtures/audio/heroes-20s.opus', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mediadna-audio-tempo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pcmOf(path: string): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for await (const pcm of decodeAudioMono(await openInput(path))) parts.push(pcm);
  return concatFloat32(parts);
}

function longest(match: AudioMatch | undefined): number {
  return Math.max(0, ...(match?.segments ?? []).map((s) => s.inputDuration));
}

describe('time-stretched audio (pitch kept)', () => {
  it.each([1.05, 0.95])('matches at tempo x%s with the stretch reported and the range mapped back', async (tempo) => {
    const stretched = join(dir, `battle-${tempo}.wav`);
    const run = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', SOURCE, '-af', `atempo=${tempo}`, stretched]);
    expect(run.status, String(run.stderr)).toBe(0);
    const library = new AudioLibrary();
    library.add('battle', hashAudio(await pcmOf(SOURCE)));
    library.add('heroes', hashAudio(await pcmOf(OTHER)));
    const pcm = await pcmOf(stretched);
    // 10 s of the stretched copy from its second 4: the original's 4 x tempo .. (4 + 10) x tempo.
    const query = hashAudio(pcm.subarray(4 * 8000, 14 * 8000));
    const [match] = library.search(query);
    expect(match.key).toBe('battle');
    expect(match.speed).toBe(tempo);
    expect(match.pitchKept).toBe(true);
    const segment = [...match.segments].sort((a, b) => b.inputDuration - a.inputDuration)[0];
    expect(segment.inputStart).toBeLessThan(0.5);
    expect(segment.inputStart + segment.inputDuration).toBeGreaterThan(9.5);
    expect(Math.abs(segment.duplicationStart - (4 + segment.inputStart) * tempo)).toBeLessThan(0.5);
    // Without the tempo tries the copy is found in pieces at best (its offset drifts by 0.5 s).
    const direct = library.search(query, { tempoFactors: [] })[0];
    expect(longest(direct)).toBeLessThan(longest(match));
  });
});
