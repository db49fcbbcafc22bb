import type { Article } from '../../shared/domain/article.js';
import type { Subscriber } from '../../shared/domain/subscriber.js';
import type { ArticleMatched } from '../../shared/domain/topic.js';

let counter = 0;
const next = () => ++counter;

export function anArticle(overrides: Partial<Article> = {}): Article {
  const n = next();
  return {
    id: `article-${n}`,
    feedId: 'feed-1',
    title: `Article ${n}`,
    link: `https://example.org/a/${n}`,
    summary: `Summary of article ${n}`,
    published: '2026-11-20T10:00:00.000Z',
    sourceTitle: 'Example feed',
    firstSeen: '2026-11-20T10:05:00.000Z',
    ...overrides,
  };
}

export function aMatch(overrides: Partial<ArticleMatched> = {}): ArticleMatched {
  return {
    articleId: `article-${next()}`,
    topicId: 'csto',
    terms: [{ term: 'csto', field: 'title', snippet: 'CSTO summit' }],
    matchedAt: '2026-11-20T10:05:00.000Z',
    ...overrides,
  };
}

export function aSubscriber(overrides: Partial<Subscriber> = {}): Subscriber {
  const n = next();
  return {
    id: `sub-${n}`,
    email: `reader${n}@example.org`,
    topics: ['csto'],
    channels: ['email'],
    mode: 'instant',
    timeZone: 'UTC',
    status: 'active',
    ...overrides,
  };
}
