import { MultiIndexHammingIndex, createHammingIndex } from '../src/index.js';
import { testHammingIndex } from './hamming-conformance.js';

// Pure multi-index hashing: tables from the first entry, never falls back to scanning.
testHammingIndex('MultiIndexHammingIndex', (bits) => new MultiIndexHammingIndex(bits, { minTableSize: 0, linearFallback: false }));
// The 'auto' behaviour with a low threshold: scans while small, tables above 100 entries,
// scans queries whose probing would cost more.
testHammingIndex('MultiIndexHammingIndex (auto, threshold 100)', (bits) => new MultiIndexHammingIndex(bits, { minTableSize: 100 }));
