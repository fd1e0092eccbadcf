/** `check()`: the store's own integrity check, then every live library's index rebuilt and compared with its rows. */
import type { MediaEngine } from './engine.js';
import { loadEngine } from './engines/registry.js';
import { assertOpen } from './facade-context.js';
import type { FacadeContext } from './facade-context.js';

/** What {@link Dna.check} found. */
export interface CheckReport {
  readonly ok: boolean;
  readonly problems: string[];
}

/** Check the store and that each library's index matches its rows (runs under the facade's lock). */
export async function checkConsistency(context: FacadeContext): Promise<CheckReport> {
  assertOpen(context, 'check');
  const { store, indexes, options } = context;
  const problems = await store.check();
  await context.lock.run(async () => {
    for (const library of await store.listLibraries()) {
      const count = await store.countFiles(library.dbId);
      if (library.status === 'deleted') {
        if (count > 0) problems.push(`library ${library.dbId} is deleted but still holds ${count} files`);
        continue;
      }
      let engine: MediaEngine;
      try {
        engine = await loadEngine(library.model, options.engines[library.model]);
      } catch {
        continue; // No engine in this build: nothing to index.
      }
      indexes.drop(library.dbId);
      const entry = await indexes.get(library.dbId, engine);
      if (entry.refusal !== undefined) problems.push(entry.refusal);
      else if (entry.index !== undefined && entry.index.size !== count) {
        problems.push(`library ${library.dbId}: the index holds ${entry.index.size} items but the store ${count} files`);
      }
    }
  });
  return { ok: problems.length === 0, problems };
}
