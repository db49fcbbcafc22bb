import { ACCEPT_HTML, GuardedHttpFetcher } from '../../adapters/http/guarded-fetcher.js';
import { MemoryHostPacer } from '../../adapters/memory/memory-host-pacer.js';
import { WorkerPageExtractor } from '../../adapters/worker-threads/worker-page-extractor.js';
import type { FullTextDeps } from '../../usecases/fetch-page-text.js';
import type { CapabilityFactory } from '../ports.js';

/**
 * Article pages for full text, one set per container: the feeds' guarded fetcher (SSRF rules on every hop, redirect
 * limit) with the page caps of size and time, extraction on its own worker thread, and one pacer, so the feeds an
 * invocation polls together take turns at a shared host. Memory, in poll-feed's 512 MB: the worker's heap is capped
 * at 64 MB (a 1 MB page's DOM needs about a third of it), beside the two parse workers' 330 MB.
 */
export const articlePages: CapabilityFactory<FullTextDeps> = ({ config }) => {
  const pages = config.polling.fullText;
  return {
    pageFetcher: new GuardedHttpFetcher({ allowLoopback: config.allowLoopback, timeoutMs: pages.pageTimeoutMs, maxBytes: pages.maxPageBytes, accept: ACCEPT_HTML }),
    extractor: new WorkerPageExtractor({ deadlineMs: pages.extractTimeoutMs, memoryMb: 64 }),
    pacer: new MemoryHostPacer(pages.hostSpacingMs),
    config: { maxPagesPerPoll: pages.maxPagesPerPoll, pageBudgetMs: pages.pageBudgetMs, perPageMs: pages.pageTimeoutMs + pages.extractTimeoutMs },
  };
};
