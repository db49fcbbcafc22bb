/** Stories: articles about one event across feeds (grouped by the StoryAssigner port), as alerts and feeds show them. */
import type { Article } from './article.js';

/** An article of a story (the port's StoryMember), as "also reported by" lists it. */
export interface CoverageArticle {
  articleId: string;
  feedId: string;
  title: string;
  link?: string;
  sourceTitle: string;
  published?: string;
  firstSeen: string;
}

/** Articles by when first seen, then id: the lead of a story stays the same as its coverage grows. */
export const firstSeenOrder = (a: { firstSeen: string; id: string }, b: { firstSeen: string; id: string }): number =>
  a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** An article as its story's coverage lists it (an Article, or what the story grouping reads of one). */
export const asCoverage = (a: Pick<Article, 'id' | 'feedId' | 'title' | 'link' | 'sourceTitle' | 'published' | 'firstSeen'>): CoverageArticle => ({
  articleId: a.id,
  feedId: a.feedId,
  title: a.title,
  sourceTitle: a.sourceTitle,
  firstSeen: a.firstSeen,
  ...(a.link !== undefined ? { link: a.link } : {}),
  ...(a.published !== undefined ? { published: a.published } : {}),
});

/** A story's articles other than its lead, first seen first, each once. */
export function otherCoverage(lead: Pick<Article, 'id'>, members: Iterable<CoverageArticle>): CoverageArticle[] {
  const byId = new Map<string, CoverageArticle>();
  for (const m of members) if (m.articleId !== lead.id && !byId.has(m.articleId)) byId.set(m.articleId, m);
  return [...byId.values()].sort((a, b) => firstSeenOrder({ firstSeen: a.firstSeen, id: a.articleId }, { firstSeen: b.firstSeen, id: b.articleId }));
}
