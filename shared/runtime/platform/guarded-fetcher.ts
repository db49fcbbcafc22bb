import { GuardedHttpFetcher } from '../../adapters/http/guarded-fetcher.js';
import type { FeedFetcher } from '../../ports/feed-fetcher.js';
import type { CapabilityFactory } from '../ports.js';

/** The SSRF-guarded feed fetcher, with the config's caps. */
export const guardedFetcher: CapabilityFactory<FeedFetcher> = ({ config }) =>
  new GuardedHttpFetcher({ allowLoopback: config.allowLoopback, timeoutMs: config.polling.fetchTimeoutMs, maxBytes: config.polling.maxBodyBytes });
