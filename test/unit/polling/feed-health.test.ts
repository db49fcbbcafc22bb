import { describe, expect, it } from 'vitest';
import type { FeedState } from '../../../shared/domain/feed-source.js';
import { feedsNeedingAttention, pushHealth } from '../../../shared/domain/polling/feed-health.js';

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

describe('pushHealth', () => {
  const now = new Date('2026-11-20T10:00:00.000Z');
  const state = { feedId: 'f', url: 'https://f.example/feed', consecutiveFailures: 0, itemsSeen: 0, hub: 'https://hub.example/' };
  const sub = { feedId: 'f', hub: 'https://hub.example/', topic: 'https://f.example/feed', mode: 'subscribe' as const, status: 'verified' as const, requestedAt: '2026-11-19T10:00:00.000Z', verifiedAt: '2026-11-19T10:00:00.000Z', leaseExpiresAt: '2026-11-29T10:00:00.000Z', attempts: 0, pushes: 3 };
  it('says a feed with a verified lease is pushed, until when', () => {
    expect(pushHealth(sub, state, now)).toEqual({ delivery: 'pushed', hub: 'https://hub.example/', leaseExpiresAt: '2026-11-29T10:00:00.000Z', pushes: 3, refused: 0 });
  });
  it('says why a feed is polled, with what was refused', () => {
    expect(pushHealth({ ...sub, status: 'failed', lastError: 'hub answered HTTP 500', refused: 2, lastRefusal: 'mis-signed', lastRefusalAt: '2026-11-20T09:00:00.000Z' }, state, now)).toEqual({
      delivery: 'polled',
      reason: 'hub answered HTTP 500',
      hub: 'https://hub.example/',
      pushes: 3,
      refused: 2,
      lastRefusal: 'mis-signed',
      lastRefusalAt: '2026-11-20T09:00:00.000Z',
    });
    expect(pushHealth(undefined, { ...state, hub: undefined }, now)).toEqual({ delivery: 'polled', reason: 'no hub', pushes: 0, refused: 0 });
  });
});
