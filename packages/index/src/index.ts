export { HammingHits, PostingList } from './hits.js';
export type { HammingBits, HammingIndex } from './hamming.js';
export { wordsOfBits } from './hamming.js';
export { LinearHammingIndex } from './linear.js';
export { PostingsIndex } from './postings.js';
export type { PostingsIndexOptions } from './postings.js';
export { createHammingIndex } from './factory.js';
export type { HammingIndexOptions } from './factory.js';
