import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { assembleWat, tsModule, WASM_SOURCES } from '../scripts/build-wasm.mjs';

const root = new URL('..', import.meta.url).pathname;

describe('embedded WebAssembly kernels', () => {
  it('are the committed .wat sources, assembled (run node scripts/build-wasm.mjs after editing one)', async () => {
    expect(WASM_SOURCES.length).toBeGreaterThanOrEqual(3);
    for (const source of WASM_SOURCES as { wat: string; ts: string }[]) {
      const bytes: Uint8Array = await assembleWat(source.wat);
      expect(WebAssembly.validate(bytes), source.wat).toBe(true);
      expect(readFileSync(root + source.ts, 'utf8'), source.ts).toBe(tsModule(source, bytes));
    }
  });
});
