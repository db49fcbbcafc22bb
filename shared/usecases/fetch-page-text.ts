import type { FeedEntry } from '../domain/article.js';
import { decodeHtml, isHtml } from '../domain/full-text/decode-html.js';
import { joinPageText, PAGE_TEXT_MAX_BYTES } from '../domain/full-text/page-text.js';
import { wantsFullText, type FullTextMode } from '../domain/full-text/summary.js';
import type { FeedFetcher } from '../ports/feed-fetcher.js';
import type { HostPacer } from '../ports/host-pacer.js';
import type { PageExtractor } from '../ports/page-extractor.js';

export interface FullTextConfig {
  /** Article pages fetched per poll of one feed at most; the rest keep their excerpt. */
  maxPagesPerPoll: number;
  /** All the page work of one poll (waits, fetches, extraction) ends within this (ms). */
  pageBudgetMs: number;
  /** The longest one page may take: the page fetcher's deadline plus the extractor's (ms). */
  perPageMs: number;
  /** Stored page text cap in UTF-8 bytes (default PAGE_TEXT_MAX_BYTES). */
  maxTextBytes?: number;
}

export interface FullTextDeps {
  /** The guarded fetcher (SSRF rules, redirect limit), with the page caps of size and time. */
  pageFetcher: FeedFetcher;
  extractor: PageExtractor;
  pacer: HostPacer;
  config: FullTextConfig;
}

/** Why a page's text was not used: the item keeps its excerpt. `skipped` ones were not tried (a cap of the poll). */
export type PageFailure = { kind: 'skipped'; reason: string } | { kind: 'failed'; reason: string };

export type PageText = { ok: true; text: string; truncated: boolean } | ({ ok: false } & PageFailure);

/** One poll's allowance of pages: a count and a time, shared by the poll's items. */
export class PageBudget {
  private pagesLeft: number;
  private readonly endsAt: number;
  /** Hosts that did not answer (unreachable, refused by the SSRF guard, timed out): not tried again this poll. */
  private readonly downHosts = new Map<string, string>();

  constructor(private readonly deps: FullTextDeps) {
    this.pagesLeft = deps.config.maxPagesPerPoll;
    this.endsAt = deps.pacer.now() + deps.config.pageBudgetMs;
  }

  /** The text of the article page at `link`, or why the excerpt stays. Never throws for a bad page. */
  async pageText(link: string): Promise<PageText> {
    const { config, pacer } = this.deps;
    if (this.pagesLeft <= 0) return { ok: false, kind: 'skipped', reason: `the cap of ${config.maxPagesPerPoll} pages per poll` };
    let host: string;
    try {
      host = new URL(link).host;
    } catch {
      return { ok: false, kind: 'failed', reason: `not a URL: ${link.slice(0, 100)}` };
    }
    const down = this.downHosts.get(host);
    if (down !== undefined) return { ok: false, kind: 'skipped', reason: `${host} failed earlier in this poll (${down})` };
    // A page starts only when it can finish inside the poll's page time.
    const startBy = this.endsAt - config.perPageMs;
    if (pacer.now() > startBy) return { ok: false, kind: 'skipped', reason: `the ${config.pageBudgetMs} ms of page time per poll` };
    this.pagesLeft -= 1;
    const turn = await pacer.run(host, startBy, () => this.fetchAndExtract(link, host));
    if (!turn.ran) {
      this.pagesLeft += 1;
      return { ok: false, kind: 'skipped', reason: `${host} was busy until past the ${config.pageBudgetMs} ms of page time per poll` };
    }
    return turn.value;
  }

  private async fetchAndExtract(link: string, host: string): Promise<PageText> {
    const fail = (reason: string): PageText => ({ ok: false, kind: 'failed', reason });
    let fetched;
    try {
      fetched = await this.deps.pageFetcher.fetch({ url: link });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    if (fetched.status === 'gone') return fail('HTTP 410');
    if (fetched.status === 'not-modified') return fail('HTTP 304 to an unconditional request');
    if (fetched.status === 'error') {
      if (fetched.kind === 'network' || fetched.kind === 'blocked' || fetched.kind === 'timeout') this.downHosts.set(host, fetched.kind);
      return fail(fetched.reason);
    }
    const contentType = fetched.headers['content-type'];
    if (!isHtml(contentType, fetched.body)) return fail(`not an HTML page (${contentType ?? 'no Content-Type'})`);
    const extracted = await this.deps.extractor.extract({ html: decodeHtml(fetched.body, contentType), url: fetched.finalUrl, by: this.endsAt });
    if (!extracted.ok) return fail(extracted.message);
    return { ok: true, ...joinPageText(extracted.paragraphs, this.deps.config.maxTextBytes ?? PAGE_TEXT_MAX_BYTES) };
  }
}

/** What one poll did with article pages, for its result and the feed's health. */
export interface PageTally {
  /** Pages whose text was used. */
  fetched: number;
  /** Pages tried that fell back to the excerpt (HTTP error, timeout, not HTML, refused, too little text). */
  failed: number;
  /** Pages not tried: the poll's cap of pages or of page time was reached. */
  skipped: number;
  /** The last failure: the page and why. */
  lastFailure?: { url: string; reason: string };
}

export const emptyTally = (): PageTally => ({ fetched: 0, failed: 0, skipped: 0 });

/**
 * The page text of a new item when its feed's mode wants it (wantsFullText), counted in `tally`; undefined when the
 * item keeps its excerpt. Only new articles come here: a known one is never fetched again.
 */
export async function pageTextFor(budget: PageBudget | undefined, mode: FullTextMode, entry: Pick<FeedEntry, 'link' | 'summary' | 'content'>, tally: PageTally): Promise<string | undefined> {
  if (!budget || !wantsFullText(mode, entry)) return undefined;
  const page = await budget.pageText(entry.link!);
  if (page.ok) {
    tally.fetched += 1;
    return page.text || undefined;
  }
  if (page.kind === 'skipped') tally.skipped += 1;
  else {
    tally.failed += 1;
    tally.lastFailure = { url: entry.link!, reason: page.reason };
  }
  return undefined;
}
