import type { Article } from '../article.js';
import type { MatchedTerm } from '../topic.js';
import type { CompiledTopics } from './compile-topics.js';
import { matchWithPage } from '../full-text/match-with-page.js';

export interface BacktestHit {
  article: Article;
  terms: MatchedTerm[];
}

export interface BacktestResult {
  scanned: number;
  matched: number;
  /** The newest matches (by published date, else first seen), newest first, at most `keep`. */
  hits: BacktestHit[];
}

export interface BacktestOptions {
  /** How many hits to keep for display (default 50); all are counted. */
  keep?: number;
  /** Called after every page, e.g. to move a progress bar. */
  onProgress?: (progress: { scanned: number; matched: number }) => void;
}

/** Runs one topic over stored articles, page by page, as the poller would have matched them (with their page text). */
export async function backtestTopic(compiled: CompiledTopics, topicId: string, pages: AsyncIterable<Article[]>, options: BacktestOptions = {}): Promise<BacktestResult> {
  const keep = options.keep ?? 50;
  let scanned = 0;
  let matched = 0;
  let hits: BacktestHit[] = [];
  for await (const page of pages) {
    for (const article of page) {
      scanned += 1;
      const match = matchWithPage(compiled, { title: article.title, excerpt: article.summary, pageText: article.pageText }).find((m) => m.topicId === topicId);
      if (!match) continue;
      matched += 1;
      hits.push({ article, terms: match.terms });
      if (hits.length >= 2 * keep + 100) hits = newestFirst(hits).slice(0, keep);
    }
    options.onProgress?.({ scanned, matched });
  }
  return { scanned, matched, hits: newestFirst(hits).slice(0, keep) };
}

function newestFirst(hits: BacktestHit[]): BacktestHit[] {
  const when = (h: BacktestHit) => h.article.published ?? h.article.firstSeen;
  return hits.sort((a, b) => (when(a) < when(b) ? 1 : when(a) > when(b) ? -1 : a.article.id < b.article.id ? -1 : 1));
}
