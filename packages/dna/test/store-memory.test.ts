import { createMemoryStore } from '../dist/index.js';
import { testStore } from './store-conformance.js';

testStore('memory', {
  async open() {
    return { store: createMemoryStore(), cleanup: () => undefined };
  },
});
