import { createMemoryStore } from '../dist/index.js';
import { testStore } from './store-suite.js';

testStore('memory', {
  async open() {
    return { store: createMemoryStore(), cleanup: () => undefined };
  },
});
