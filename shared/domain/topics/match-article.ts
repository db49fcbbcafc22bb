import type { TopicMatch } from '../topic.js';
import { analyseArticle, type MatchableArticle } from './analyse-article.js';
import type { CompiledTopics } from './compile-topics.js';
import { IndexedArticle } from './indexed-article.js';

/**
 * The topics an article matches, sorted by topic id, each with provenance. Only topics with a required
 * term among the article's tokens are evaluated, so the cost follows the article, not the topic count.
 */
export function matchArticle(compiled: CompiledTopics, article: MatchableArticle): TopicMatch[] {
  const indexed = new IndexedArticle(analyseArticle(article));
  const matches: TopicMatch[] = [];
  for (const i of candidateTopics(compiled, indexed)) {
    const topic = compiled.topics[i]!;
    if (indexed.evaluate(topic.ast)) matches.push({ topicId: topic.id, terms: indexed.provenance(topic.ast) });
  }
  return matches;
}

/** Positions of the topics with at least one required term in the article, ascending (= by topic id). */
export function candidateTopics(compiled: CompiledTopics, article: IndexedArticle): number[] {
  const found = new Set<number>();
  const { exact, prefixes, prefixLengths } = compiled;
  const minPrefix = prefixLengths[0] ?? Infinity;
  for (const token of article.distinctTokens()) {
    const hits = exact.get(token);
    if (hits) for (const i of hits) found.add(i);
    if (token.length < minPrefix) continue;
    for (const length of prefixLengths) {
      if (length > token.length) break;
      const byPrefix = prefixes.get(token.slice(0, length));
      if (byPrefix) for (const i of byPrefix) found.add(i);
    }
  }
  return [...found].sort((a, b) => a - b);
}
