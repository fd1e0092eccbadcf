/**
 * Lazy access to the `@mediadna/dna` facade. The facade (and through it SQLite and, when a job
 * needs them, the WASM decoders) is imported only when a command needs it, so `mediadna --help`
 * starts fast.
 */
import type { Dna, DnaOptions } from '@mediadna/dna';

/** The facade as the CLI uses it. */
export type DnaClient = Dna;

/** Options the CLI passes to `createDna`. */
export type ClientOptions = Pick<DnaOptions, 'dataDir' | 'ossRoot' | 'workers'>;

/** Import the facade and open the data directory. */
export async function openClient(options: ClientOptions): Promise<DnaClient> {
  const { createDna } = await import('@mediadna/dna');
  return createDna(options);
}
