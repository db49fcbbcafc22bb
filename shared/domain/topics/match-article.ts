import type { TopicMatch } from '../topic.js';
import { analyseArticle, type MatchableArticle } from './analyse-article.js';
import { startGateIndex, type CompiledTopics, type TopicList } from './compile-topics.js';
import { IndexedArticle, type LocateText } from './indexed-article.js';

/**
 * The topics an article matches, sorted by topic id, each with provenance. Only topics with a required
 * term among the article's tokens are evaluated, so the cost follows the article, not the topic count.
 */
export function matchArticle(compiled: CompiledTopics, article: MatchableArticle, options: { locateText?: LocateText } = {}): TopicMatch[] {
  const indexed = new IndexedArticle(analyseArticle(article), options.locateText);
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
  const { title, text } = article.fields;
  for (const token of title.slots.keys()) addCandidates(compiled, token, found);
  for (const token of text.slots.keys()) if (!title.slots.has(token)) addCandidates(compiled, token, found);
  return [...found].sort((a, b) => a - b);
}

function addCandidates(compiled: CompiledTopics, token: string, found: Set<number>): void {
  const hits = compiled.exact.get(token);
  if (hits !== undefined) addAll(hits, found);
  if (token.length < compiled.minPrefixLength) return;
  const gate = startGateIndex(token);
  if ((compiled.prefixStarts[gate >>> 3]! & (1 << (gate & 7))) === 0) return;
  const used = compiled.prefixLengthUsed;
  const upTo = Math.min(token.length, used.length - 1);
  // The same FNV-1a as prefixHash, one character at a time.
  let hash = 0x811c9dc5;
  for (let length = 1; length <= upTo; length++) {
    hash = Math.imul(hash ^ token.charCodeAt(length - 1), 0x01000193);
    if (used[length] === 0) continue;
    const byPrefix = compiled.prefixes.get(hash);
    if (byPrefix !== undefined) addAll(byPrefix, found);
  }
}

function addAll(topics: TopicList, found: Set<number>): void {
  if (typeof topics === 'number') found.add(topics);
  else for (const i of topics) found.add(i);
}
