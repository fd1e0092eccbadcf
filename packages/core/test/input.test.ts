import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DnaErrorCode, openInput, readAllBytes, resolveInsideRoot } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mediadna-input-'));
writeFileSync(join(dir, 'a.bin'), new Uint8Array([1, 2, 3]));
writeFileSync(join(dir, 'empty.bin'), new Uint8Array(0));

describe('openInput', () => {
  it('keeps local files on disk and reads them on demand', async () => {
    const source = await openInput(join(dir, 'a.bin'));
    expect(source.type).toBe('path');
    expect(Array.from(await readAllBytes(source))).toEqual([1, 2, 3]);
    const viaUrl = await openInput(pathToFileURL(join(dir, 'a.bin')).href);
    expect(viaUrl.type).toBe('path');
  });
  it('fails missing, empty and oversized inputs with media codes', async () => {
    await expect(openInput(join(dir, 'nope.bin'))).rejects.toMatchObject({ code: DnaErrorCode.InputNotFound });
    await expect(openInput(join(dir, 'empty.bin'))).rejects.toMatchObject({ code: DnaErrorCode.MediaEmpty });
    await expect(openInput(join(dir, 'a.bin'), { maxBytes: 2 })).rejects.toMatchObject({ code: DnaErrorCode.MediaTooLarge });
    await expect(openInput(new Uint8Array(0))).rejects.toMatchObject({ code: DnaErrorCode.MediaEmpty });
  });
  it('refuses paths that escape their root', async () => {
    await expect(resolveInsideRoot(dir, '../etc/passwd')).rejects.toMatchObject({ code: DnaErrorCode.InputAccessDenied });
    expect(await resolveInsideRoot(dir, 'bucket/a.bin')).toBe(join(dir, 'bucket/a.bin'));
  });
  it('fetches http URLs with a size limit and a timeout', async () => {
    const server = createServer((request, response) => {
      if (request.url === '/slow') return; // never answers
      response.end(request.url === '/big' ? Buffer.alloc(5000) : 'abc');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const source = await openInput(`${base}/ok`);
      expect(source.type).toBe('bytes');
      await expect(openInput(`${base}/big`, { maxBytes: 100 })).rejects.toMatchObject({ code: DnaErrorCode.MediaTooLarge });
      await expect(openInput(`${base}/slow`, { timeoutMs: 200 })).rejects.toMatchObject({ code: DnaErrorCode.InputTimeout });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
