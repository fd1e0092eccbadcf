/**
 * The in-memory index of each library, built from the store on first use (`engine.createIndex()`
 * plus every stored fingerprint) and kept in step with it: an entry remembers the library
 * revision it reflects, and a search first compares it with the store's (another process may
 * share the data dir), rebuilding when they differ.
 *
 * A library whose files were made by another engine algorithm or version is refused: its entry
 * carries the reason instead of an index, and jobs on it fail `Library.IncompatibleVersion`.
 */
import type { EngineIndex, MediaEngine } from './engine.js';
import type { DnaStore } from './store.js';

/** One library's index, or why it cannot be searched. */
export interface IndexEntry {
  readonly engine: MediaEngine;
  /** Undefined when {@link refusal} is set. */
  readonly index: EngineIndex | undefined;
  /** The library revision the index reflects. */
  revision: number;
  /** Why the library cannot be searched by this engine (incompatible or unreadable fingerprints). */
  readonly refusal: string | undefined;
}

function incompatibleMessage(dbId: string, made: string, engine: MediaEngine): string {
  return (
    `[mediadna] [library] Library ${dbId} holds fingerprints made by another engine version (${made}); this mediadna computes ` +
    `${engine.algorithm} version ${engine.version}, and the two cannot be compared. Use the mediadna version that made the library, ` +
    `or re-fingerprint its media into a new library.`
  );
}

/** The indexes of all libraries used so far (callers serialise access). */
export class LibraryIndexes {
  private readonly entries = new Map<string, IndexEntry>();

  constructor(private readonly store: DnaStore) {}

  /** The entry as it is, without checking the store. */
  cached(dbId: string): IndexEntry | undefined {
    return this.entries.get(dbId);
  }

  /** Forget a library's index (rebuilt on next use). */
  drop(dbId: string): void {
    this.entries.delete(dbId);
  }

  /**
   * Files were deleted from the store, making it `revision`: remove them from the index, or drop
   * the index when the store moved on by more than this delete (another process wrote too).
   */
  removed(dbId: string, primaryKeys: readonly string[], revision: number): void {
    const entry = this.entries.get(dbId);
    if (entry === undefined) return;
    if (entry.index !== undefined && entry.revision + (primaryKeys.length > 0 ? 1 : 0) === revision) {
      for (const key of primaryKeys) entry.index.remove(key);
      entry.revision = revision;
    } else {
      this.entries.delete(dbId);
    }
  }

  /** The library's index for `engine`, rebuilt from the store when missing or out of date. */
  async get(dbId: string, engine: MediaEngine): Promise<IndexEntry> {
    const revision = await this.store.libraryRevision(dbId);
    const cached = this.entries.get(dbId);
    if (cached !== undefined && cached.revision === revision && cached.engine === engine) return cached;
    const versions = await this.store.fingerprintVersions(dbId);
    const foreign = versions.filter((version) => version.algorithm !== engine.algorithm || version.algorithmVersion !== engine.version);
    let entry: IndexEntry;
    if (foreign.length > 0) {
      const made = foreign.map((version) => `${version.count} by ${version.algorithm} version ${version.algorithmVersion}`).join(', ');
      entry = { engine, index: undefined, revision, refusal: incompatibleMessage(dbId, made, engine) };
    } else {
      const index = engine.createIndex();
      let refusal: string | undefined;
      for (const fingerprint of await this.store.loadFingerprints(dbId)) {
        try {
          index.add(fingerprint.primaryKey, fingerprint.fingerprint);
        } catch (error) {
          refusal = `[mediadna] [library] Library ${dbId}: the stored fingerprint of ${JSON.stringify(fingerprint.primaryKey)} is unreadable (${(error as Error).message})`;
          break;
        }
      }
      entry = { engine, index: refusal === undefined ? index : undefined, revision, refusal };
    }
    this.entries.set(dbId, entry);
    return entry;
  }
}
