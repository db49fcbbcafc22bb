import { describe, expect, it } from 'vitest';
import type { FeedState } from '../../../shared/domain/feed-source.js';
import { feedsNeedingAttention } from '../../../shared/domain/polling/feed-health.js';

const NOW = new Date('2025-06-10T12:00:00Z');
const DAY = 24 * 3600 * 1000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const state = (over: Partial<FeedState>): FeedState => ({ feedId: 'f', url: 'https://f.example/rss', consecutiveFailures: 0, itemsSeen: 0, ...over });

describe('feedsNeedingAttention', () => {
  it.each<[string, Partial<FeedState>, boolean]>([
    ['healthy', { lastSuccessAt: ago(60_000) }, false],
    ['failing for an hour after a success', { lastSuccessAt: ago(3600_000), consecutiveFailures: 3, lastError: 'HTTP 500' }, false],
    ['failing for exactly a day', { lastSuccessAt: ago(DAY), consecutiveFailures: 20 }, false],
    ['failing for over a day', { lastSuccessAt: ago(DAY + 1), consecutiveFailures: 20, lastError: 'HTTP 500' }, true],
    ['an old success, no failure since (a quiet feed)', { lastSuccessAt: ago(5 * DAY) }, false],
    ['never polled successfully', { consecutiveFailures: 1, lastError: 'timeout' }, true],
    ['never polled at all', {}, false],
    ['stopped for good (HTTP 410)', { disabled: true, disabledReason: 'feed is gone (HTTP 410)', lastSuccessAt: ago(60_000) }, true],
  ])('%s → %s', (_name, over, flagged) => {
    expect(feedsNeedingAttention([state(over)], NOW, DAY)).toHaveLength(flagged ? 1 : 0);
  });

  it('says since when, how often and what went wrong last', () => {
    const [failing] = feedsNeedingAttention([state({ feedId: 'wire', lastSuccessAt: ago(2 * DAY), consecutiveFailures: 31, lastError: 'HTTP 503', lastErrorAt: ago(60_000) })], NOW, DAY);
    expect(failing).toEqual({ feedId: 'wire', lastSuccessAt: ago(2 * DAY), failures: 31, lastError: 'HTTP 503', lastErrorAt: ago(60_000) });
  });
});
