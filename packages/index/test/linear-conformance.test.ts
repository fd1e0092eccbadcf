import { LinearHammingIndex } from '../src/index.js';
import { testHammingIndex } from './hamming-conformance.js';

testHammingIndex('LinearHammingIndex', (bits) => new LinearHammingIndex(bits));
