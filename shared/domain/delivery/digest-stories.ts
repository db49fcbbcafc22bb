/** A digest's held alerts grouped by story: one entry per story, its first-seen article leading, the others listed. */
import type { Article } from '../article.js';
import { asCoverage, type CoverageArticle, firstSeenOrder, otherCoverage } from '../story.js';
import type { MatchedTerm } from '../topic.js';

type Matches = { topicId: string; terms: MatchedTerm[] }[];

export interface DigestStoryEntry {
  article: Article;
  matches: Matches;
  /** The story's other articles, first seen first (held alongside, or known to the story grouping). */
  alsoReportedBy: CoverageArticle[];
}

/**
 * Groups held alerts by story (an article without a story is one of its own), in the order their stories were first
 * held; each topic once per entry (the terms of every article that matched it); `coverage` adds what the story
 * grouping knows of each story beyond the held alerts.
 */
export function groupDigestByStory(items: readonly { article: Article; matches: Matches }[], coverage: ReadonlyMap<string, readonly CoverageArticle[]> = new Map()): DigestStoryEntry[] {
  const groups = new Map<string, { lead: Article; matches: Map<string, MatchedTerm[]>; members: CoverageArticle[] }>();
  for (const { article, matches } of items) {
    const key = article.storyId ?? `article:${article.id}`;
    const group = groups.get(key) ?? { lead: article, matches: new Map<string, MatchedTerm[]>(), members: [...(article.storyId ? (coverage.get(article.storyId) ?? []) : [])] };
    if (firstSeenOrder(article, group.lead) < 0) group.lead = article;
    for (const m of matches) group.matches.set(m.topicId, [...(group.matches.get(m.topicId) ?? []), ...m.terms]);
    group.members.push(asCoverage(article));
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    article: g.lead,
    matches: [...g.matches].map(([topicId, terms]) => ({ topicId, terms })),
    alsoReportedBy: otherCoverage(g.lead, g.members),
  }));
}
