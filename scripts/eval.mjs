#!/usr/bin/env node
// Evaluation entry: `npm run eval -- <modality> DIR [--flags]` runs scripts/eval/<modality>.mjs.
// Each modality module exports `main(dir, argv)`; see scripts/eval/common.mjs for the shared helpers.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('./eval/', import.meta.url);
const available = readdirSync(here)
  .filter((name) => name.endsWith('.mjs') && name !== 'common.mjs')
  .map((name) => name.slice(0, -4))
  .sort();
const [modality, dir, ...rest] = process.argv.slice(2);
if (!modality || !dir || modality === '--help' || !available.includes(modality)) {
  process.stderr.write(
    `usage: npm run eval -- <modality> DIR [--flags]\n` +
      `  modality: ${available.join(', ')}\n` +
      `  DIR: a corpus built by shared/corpus/make-corpus.sh (e.g. /tmp/corpus-dev)\n` +
      `  npm run eval -- <modality> DIR --help  lists the modality's flags\n`,
  );
  process.exit(modality === '--help' ? 0 : 2);
}
if (!existsSync(join(dir, 'manifest', 'originals.tsv')) || !existsSync(join(dir, 'manifest', 'queries.tsv'))) {
  process.stderr.write(`eval: ${dir} is not a corpus (no manifest/originals.tsv and manifest/queries.tsv); build one with shared/corpus/make-corpus.sh\n`);
  process.exit(2);
}
const module = await import(new URL(`${modality}.mjs`, here).href);
try {
  process.exitCode = (await module.main(dir, rest)) ?? 0;
} catch (error) {
  const usage = String(error?.code ?? '').startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`eval ${modality}: ${usage ? `${error.message} (see --help)` : (error?.stack ?? error)}\n`);
  process.exitCode = usage ? 2 : 1;
}
