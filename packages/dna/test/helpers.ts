/** Shared helpers of the facade's tests: temp dirs, fake media, a facade on the fake engine. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDna } from '../dist/index.js';
import type { Dna, DnaOptions, Job } from '../dist/index.js';

export const FAKE_ENGINE = fileURLToPath(new URL('./fixtures/fake-engine.mjs', import.meta.url));
export const FAKE_ENGINE_V2 = fileURLToPath(new URL('./fixtures/fake-engine-v2.mjs', import.meta.url));

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(prefix = 'mediadna-dna-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Content of a fake medium with a 64-bit hash (16 hex digits) and optional directives. */
export function fakeMedia(hex: string, ...directives: string[]): Uint8Array {
  return new TextEncoder().encode(`FAKE ${hex}\n${directives.join('\n')}`);
}

/** Write a fake medium to `dir/name` and return its path. */
export function writeFake(dir: string, name: string, hex: string, ...directives: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, fakeMedia(hex, ...directives));
  return path;
}

/** A facade whose Image engine is the fake one. */
export function openFake(dataDir: string, options: Partial<DnaOptions> = {}): Promise<Dna> {
  return createDna({ dataDir, workers: 1, engines: { Image: FAKE_ENGINE }, ...options });
}

/** Flip `bits` low bits of a 16-hex-digit hash. */
export function flipBits(hex: string, bits: number): string {
  const low = parseInt(hex.slice(8), 16) ^ (bits >= 32 ? 0xffffffff : (1 << bits) - 1);
  return hex.slice(0, 8) + (low >>> 0).toString(16).padStart(8, '0');
}

/** A facade on the fake engine in a fresh temp dir, with one Image library: where most facade tests start. */
export interface FakeLibrary {
  readonly dna: Dna;
  /** DBId of the Image library. */
  readonly db: string;
  /** The temp dir (the data dir is its `data/`); free for the test's media. */
  readonly dir: string;
  /** Close the facade and remove the temp dir. */
  close(): Promise<void>;
}

/** Open a {@link FakeLibrary}; `options` may depend on the temp dir (OSS root, resolvers). */
export async function openFakeLibrary(options: Partial<DnaOptions> | ((dir: string) => Partial<DnaOptions>) = {}): Promise<FakeLibrary> {
  const { dir, cleanup } = tempDir();
  try {
    const dna = await openFake(join(dir, 'data'), typeof options === 'function' ? options(dir) : options);
    const db = (await dna.CreateDNADB({ Name: 'p', Model: 'Image' })).DBInfo.DBId;
    const close = async (): Promise<void> => {
      try {
        await dna.close();
      } finally {
        cleanup();
      }
    };
    return { dna, db, dir, close };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** Submit a job and wait for its end. */
export async function submitAndWait(dna: Dna, request: Parameters<Dna['SubmitDNAJob']>[0], timeoutMs = 20_000): Promise<Job> {
  return dna.waitForJob((await dna.SubmitDNAJob(request)).JobId, { timeoutMs });
}
