import { defineConfig } from 'vitest/config';

/**
 * Projects:
 * - main: every test in test/ but the corpus ones; `npm test` runs it on a fresh clone with nothing beside it.
 * - corpus: conformance tests over the third-party feeds in ../shared/corpus (`npm run test:corpus`);
 *   they fail plainly when the corpus is not beside the checkout.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: ['test/corpus/**'] } },
      { extends: true, test: { name: 'corpus', include: ['test/corpus/**/*.test.ts'], globalSetup: ['test/corpus/require-corpus.ts'] } },
    ],
  },
});
