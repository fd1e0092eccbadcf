import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { STORE_SCHEMA_VERSION, createSqliteStore } from '../dist/index.js';
import { tempDir } from './helpers.js';
import { testStore } from './store-conformance.js';

testStore('sqlite', {
  async open() {
    const { dir, cleanup } = tempDir();
    return { store: createSqliteStore(dir), reopen: async () => createSqliteStore(dir), cleanup };
  },
});

describe('sqlite store file', () => {
  it('creates one WAL-mode database with the schema version', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const store = createSqliteStore(join(dir, 'nested', 'data'));
      await store.close();
      const path = join(dir, 'nested', 'data', 'mediadna.db');
      expect(existsSync(path)).toBe(true);
      const db = new Database(path);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION);
      db.close();
    } finally {
      cleanup();
    }
  });

  it('refuses a database with a newer schema version, with a clear message', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await createSqliteStore(dir).close();
      const db = new Database(join(dir, 'mediadna.db'));
      db.pragma(`user_version = ${STORE_SCHEMA_VERSION + 1}`);
      db.close();
      expect(() => createSqliteStore(dir)).toThrow(expect.objectContaining({ code: 'Library.IncompatibleVersion', message: expect.stringMatching(/upgrade mediadna/) }));
    } finally {
      cleanup();
    }
  });
});
