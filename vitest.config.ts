import { defineConfig } from 'vitest/config';

/**
 * Tests that run on both local DynamoDB engines: dynalite in `main`, AWS's DynamoDB Local in `dynamodb-local`.
 * Add here any test whose store is a real DynamoDB adapter (through test/support/dynamodb.ts), and the end-to-end
 * tests of the local topology (the local runtime starts the engine NEWSHOUND_DYNAMODB names).
 */
const DYNAMODB_ENGINE_TESTS = [
  'test/integration/dynamodb/*.test.ts',
  'test/integration/subscriptions/dynamo-subscription-stores.test.ts',
  'test/e2e/local-cycle.test.ts',
  'test/e2e/halted-senders.test.ts',
  'test/e2e/iam-grants.test.ts',
  'test/e2e/shared-partner-feeds.test.ts',
  'test/e2e/cold-start.test.ts',
  'test/e2e/start-once.test.ts',
  'test/e2e/http-and-sns.test.ts',
  'test/e2e/deploy-options.test.ts',
  'test/e2e/partner-and-webhook-secrets.test.ts',
  'test/e2e/failing-feeds.test.ts',
  'test/e2e/local-alarms.test.ts',
  'test/e2e/admin-commands.test.ts',
  'test/e2e/poll-now.test.ts',
  'test/e2e/local-stage.test.ts',
  'test/e2e/start-running.test.ts',
  'test/e2e/websub.test.ts',
];

/**
 * Projects:
 * - main: every test in test/ but the corpus ones; `npm test` runs it on a fresh clone with nothing beside it.
 * - dynamodb-local: DYNAMODB_ENGINE_TESTS again on DynamoDB Local (Java); `npm test` runs it too.
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
      // A JVM per test file: its start on a busy machine may take most of the default hook timeout.
      { extends: true, test: { name: 'dynamodb-local', include: DYNAMODB_ENGINE_TESTS, env: { NEWSHOUND_DYNAMODB: 'dynamodb-local' }, hookTimeout: 120_000 } },
      { extends: true, test: { name: 'corpus', include: ['test/corpus/**/*.test.ts'], globalSetup: ['test/corpus/require-corpus.ts'] } },
    ],
  },
});
