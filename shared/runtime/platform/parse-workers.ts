import { WorkerFeedParser } from '../../adapters/worker-threads/worker-feed-parser.js';
import type { FeedParser } from '../../ports/feed-parser.js';
import type { CapabilityFactory } from '../ports.js';

/**
 * Feed parsing on worker threads, one pool per container. Two workers: a feed that runs to its deadline holds one,
 * and its batch-mates go on on the other. Memory, in poll-feed's 512 MB: each worker may grow its heap to 128 MB (the
 * largest body the fetcher takes, 10 MB, parses in under 48 MB), about 160 MB with its young generation and code, so
 * two stay under 330 MB beside the handler's own. The deadline, 5 s, is a hundred times what a 1 MB feed takes;
 * a batch of ten polled concurrently, all of them at their deadline, parses in 25 s, inside the 60 s timeout.
 */
export const parseWorkers: CapabilityFactory<FeedParser> = ({ config }) =>
  new WorkerFeedParser({
    maxWorkers: 2,
    deadlineMs: 5000,
    memoryMb: 128,
    // Decoded text is never longer than its bytes; twice the body cap leaves room for a DOCTYPE entity or two.
    limits: { maxChars: 2 * config.polling.maxBodyBytes },
  });
