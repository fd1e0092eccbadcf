/**
 * SaveType semantics (api.md): whether a job searches the library, and when it stores its
 * fingerprint. One frozen table, both whitelist and rule.
 *
 * | SaveType | searches | stores |
 * |---|---|---|
 * | `nosave` | yes | never |
 * | `save` (default) | yes | only when the search found no duplicate |
 * | `forcesave` | yes | always |
 * | `onlysave` | no | always |
 */
import type { DNAResult, SaveType } from '@mediadna/core';
import { hasMatches } from './job-view.js';

interface SaveTypeRule {
  readonly searches: boolean;
  readonly stores: 'never' | 'when-new' | 'always';
}

const SAVE_TYPE_RULES: Readonly<Record<SaveType, SaveTypeRule>> = Object.freeze({
  nosave: Object.freeze({ searches: true, stores: 'never' }),
  save: Object.freeze({ searches: true, stores: 'when-new' }),
  forcesave: Object.freeze({ searches: true, stores: 'always' }),
  onlysave: Object.freeze({ searches: false, stores: 'always' }),
});

/** False only for `onlysave` (its result is `{}`). */
export function searches(saveType: SaveType): boolean {
  return SAVE_TYPE_RULES[saveType].searches;
}

/** True when the job stores whatever the search finds (`forcesave`, `onlysave`): a held PrimaryKey fails it before extraction. */
export function storesAlways(saveType: SaveType): boolean {
  return SAVE_TYPE_RULES[saveType].stores === 'always';
}

/** Whether a job with this SaveType and search result stores its fingerprint. */
export function shouldStore(saveType: SaveType, result: DNAResult): boolean {
  const { stores } = SAVE_TYPE_RULES[saveType];
  return stores === 'always' || (stores === 'when-new' && !hasMatches(result));
}
