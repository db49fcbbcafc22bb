/**
 * The in-memory stores with shallow copies instead of structured clones, for simulations that run the use cases
 * millions of times: a FeedState and an Article hold only primitives, so a spread copies them whole, and the use cases
 * never change a match after handing it to the store.
 */
import type { Article } from '../../shared/domain/article.js';
import type { FeedState } from '../../shared/domain/feed-source.js';
import { withLastPoll } from '../../shared/domain/polling/last-poll.js';
import type { ArticleMatched } from '../../shared/domain/topic.js';
import { MemoryArticleStore, MemoryFeedStateStore, MemoryMatchStore } from '../../test/support/memory-stores.js';

export class BenchFeedStateStore extends MemoryFeedStateStore {
  override async get(feedId: string): Promise<FeedState | undefined> {
    const state = this.items.get(feedId);
    return state && withLastPoll({ ...state }, this.lastPoll.get(feedId) ?? {});
  }
  override async put(state: FeedState): Promise<void> {
    this.items.set(state.feedId, { ...state });
  }
}

export class BenchArticleStore extends MemoryArticleStore {
  override async putIfAbsent(article: Article): Promise<boolean> {
    if (this.items.has(article.id)) return false;
    this.items.set(article.id, { ...article });
    return true;
  }
}

export class BenchMatchStore extends MemoryMatchStore {
  override async putPending(match: ArticleMatched): Promise<boolean> {
    const key = `${match.topicId}#${match.articleId}`;
    if (this.items.has(key)) return false;
    this.items.set(key, { ...match, status: 'pending' });
    return true;
  }
}
