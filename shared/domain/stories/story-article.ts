import { type CompiledTopics, matchArticle, tokenizeText } from '../topics/index.js';
import { nameKey } from './name-key.js';
import { articleSignature, type ArticleSignature } from './signature.js';

/** What the signature reads of a new article (the StoryArticle port type fits). */
export interface StoryArticleText {
  title: string;
  text: string;
  /** ISO 8601 */
  published?: string;
  /** ISO 8601 */
  firstSeen: string;
}

/**
 * When the article happened for the window: its published time, else when it was first seen. A published time after
 * the first sighting (a feed's clock or a typo in the future) counts as the sighting: one such article must not move
 * the window ahead of everything else.
 */
export function storyTime(article: Pick<StoryArticleText, 'published' | 'firstSeen'>): number {
  const seen = Date.parse(article.firstSeen);
  if (!Number.isFinite(seen)) throw new Error(`story article: firstSeen "${article.firstSeen}" is not an ISO 8601 time`);
  const published = article.published ? Date.parse(article.published) : NaN;
  return Number.isFinite(published) ? Math.min(published, seen) : seen;
}

/** The signature of a new article; with topics, the topics it matches become keys (their aliases fold into one). */
export function signatureOfArticle(article: StoryArticleText, topics?: CompiledTopics): ArticleSignature {
  const matches = topics ? matchArticle(topics, { title: article.title, text: article.text }) : [];
  const topicIds = matches.map((m) => m.topicId);
  const titleTopicIds = matches.filter((m) => m.terms.some((t) => t.field === 'title')).map((m) => m.topicId);
  const topicNames = new Set<string>();
  for (const match of matches) {
    for (const term of match.terms) for (const word of tokenizeText(term.term).values) topicNames.add(nameKey(word));
    const name = topics!.topics.find((t) => t.id === match.topicId)?.name;
    if (name) for (const word of tokenizeText(name).values) topicNames.add(nameKey(word));
  }
  return articleSignature({ title: article.title, text: article.text, time: storyTime(article), topicIds, titleTopicIds, topicNames });
}
