/**
 * The parse worker's entry: shared/adapters/worker-threads/worker-feed-parser.ts starts it (from the TypeScript
 * source, or as feed-parse.worker.mjs beside a function's bundle, built from functions/poll-feed/feed-parse.worker.ts).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ParseWorkerData } from './feed-parse-protocol.js';
import { serveFeedParsing } from './feed-parse-worker.js';

if (!isMainThread && parentPort) serveFeedParsing(parentPort, (workerData as ParseWorkerData).limits);
