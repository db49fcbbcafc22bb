import { describe, expect, it } from 'vitest';
import type { FeedSource, FeedState } from '../../../shared/domain/feed-source.js';
import { failingFeedsNotice, failingSinceOf, longFailingFeeds, sameFeeds, type FailingFeed } from '../../../shared/domain/polling/failing-feeds.js';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const feed = (id: string, extra: Partial<FeedSource> = {}): FeedSource => ({ id, url: `https://${id}.example/feed`, ...extra });
const state = (id: string, extra: Partial<FeedState> = {}): FeedState => ({ feedId: id, url: `https://${id}.example/feed`, consecutiveFailures: 0, itemsSeen: 0, ...extra });

describe('failingSinceOf', () => {
  it.each<[string, Partial<FeedState>, string | undefined]>([
    ['healthy', { lastSuccessAt: hoursAgo(1) }, undefined],
    ['failing, recorded', { consecutiveFailures: 3, failingSince: hoursAgo(30), lastSuccessAt: hoursAgo(31) }, hoursAgo(30)],
    ['failing, written before failingSince existed: after its last success', { consecutiveFailures: 3, lastSuccessAt: hoursAgo(31) }, hoursAgo(31)],
    ['failing, never succeeded, no record yet: unknown until its next failure', { consecutiveFailures: 3 }, undefined],
    ['disabled by a 410, older state: since that error', { disabled: true, lastErrorAt: hoursAgo(40) }, hoursAgo(40)],
  ])('%s', (_name, extra, expected) => {
    expect(failingSinceOf(state('f', extra))).toBe(expected);
  });
});

describe('longFailingFeeds', () => {
  const feeds = [feed('ok'), feed('young'), feed('old', { title: 'Old Wire' }), feed('gone'), feed('off', { enabled: false }), feed('never')];
  const states = [
    state('ok', { lastSuccessAt: hoursAgo(0.1) }),
    state('young', { consecutiveFailures: 4, failingSince: hoursAgo(24) }),
    state('old', { consecutiveFailures: 12, failingSince: hoursAgo(50), lastError: 'HTTP 500', lastErrorAt: hoursAgo(1), lastStatus: '500' }),
    state('gone', { disabled: true, failingSince: hoursAgo(25), lastError: 'feed is gone (HTTP 410)', lastStatus: '410' }),
    state('off', { consecutiveFailures: 40, failingSince: hoursAgo(500) }),
    state('stranger', { consecutiveFailures: 40, failingSince: hoursAgo(500) }),
  ];

  it('names the enabled, configured feeds failing for longer than the threshold, longest first', () => {
    expect(longFailingFeeds(feeds, states, NOW, 24)).toEqual([
      { feedId: 'old', title: 'Old Wire', url: 'https://old.example/feed', failingSince: hoursAgo(50), consecutiveFailures: 12, lastError: 'HTTP 500', lastErrorAt: hoursAgo(1), lastStatus: '500', disabled: false },
      { feedId: 'gone', url: 'https://gone.example/feed', failingSince: hoursAgo(25), consecutiveFailures: 0, lastError: 'feed is gone (HTTP 410)', lastStatus: '410', disabled: true },
    ]);
  });

  it.each([
    [23.9, ['old', 'gone', 'young']],
    [24, ['old', 'gone']],
    [49.99, ['old']],
    [50, []],
  ])('with a threshold of %s h: %j (exactly at the threshold is not over it)', (hours, expected) => {
    expect(longFailingFeeds(feeds, states, NOW, hours).map((f) => f.feedId)).toEqual(expected);
  });
});

describe('failingFeedsNotice', () => {
  const old: FailingFeed = { feedId: 'old', title: 'Old Wire', url: 'https://old.example/feed', failingSince: hoursAgo(50), consecutiveFailures: 12, lastError: 'HTTP 500 Internal Server Error', lastErrorAt: hoursAgo(1), lastStatus: '500', disabled: false };
  const gone: FailingFeed = { feedId: 'gone', url: 'https://gone.example/feed', failingSince: hoursAgo(25), consecutiveFailures: 0, lastError: 'feed is gone (HTTP 410)', lastStatus: '410', disabled: true };

  it('names every failing feed with its last error, what is new, what recovered, and what to run', () => {
    const notice = failingFeedsNotice({ stage: 'prod', afterHours: 24, now: NOW, failing: [old, gone], previous: ['old', 'fixed'] });
    expect(notice.subject).toBe('newshound prod: 2 feeds failing for over 24 h');
    expect(notice.message).toBe(
      [
        '2 feeds have been failing for over 24 h (new: gone):',
        '',
        '- old (Old Wire): https://old.example/feed',
        `  failing since ${hoursAgo(50)} (2 d 2 h), 12 failed polls in a row`,
        `  last error at ${hoursAgo(1)} [500]: HTTP 500 Internal Server Error`,
        '- gone: https://gone.example/feed',
        `  failing since ${hoursAgo(25)} (25 h), disabled`,
        '  last error [410]: feed is gone (HTTP 410)',
        '',
        'Recovered or removed since the last notice: fixed.',
        '',
        'What to do:',
        '- `newshound doctor` reports everything that needs action, these feeds included.',
        '- Check each URL in a browser; if the feed moved or is gone for good, change or remove it in infra/config/feeds.ts',
        '  and deploy (a changed URL also re-enables a feed a 410 disabled).',
        "- After a fix on the publisher's side, `newshound poll <feedId>` polls it now instead of at its backed-off time.",
        '- Every poll\'s outcome is in the poll-feed function\'s log group (message "polled", field feedId).',
        '',
        `You get this message once each time the set of feeds failing for over 24 h changes (as of ${NOW.toISOString()}).`,
        '',
      ].join('\n'),
    );
  });

  it('says so when none is failing any more', () => {
    const notice = failingFeedsNotice({ stage: 'staging', afterHours: 1.5, now: NOW, failing: [], previous: ['old'] });
    expect(notice.subject).toBe('newshound staging: no feed failing for over 1.5 h any more');
    expect(notice.message).toContain('No feed has been failing for over 1.5 h any more.');
    expect(notice.message).toContain('Recovered or removed since the last notice: old.');
    expect(notice.message).not.toContain('What to do');
  });

  it('keeps what a server said on its own line: no control characters or line breaks get through', () => {
    const hostile = { ...old, title: 'Wire\r\nSubject: pwned', lastError: 'HTTP 500\n- fake: https://evil.example\u2028more\u0007' };
    const { message } = failingFeedsNotice({ stage: 'prod', afterHours: 24, now: NOW, failing: [hostile], previous: [] });
    expect(message).toContain('- old (Wire Subject: pwned): https://old.example/feed');
    expect(message).toContain('HTTP 500 - fake: https://evil.example more\n');
    expect(message.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(0, 12))).toEqual(['- old (Wire ', '- `newshound', '- Check each', "- After a fi", '- Every poll']);
  });

  it('keeps the subject to 100 ASCII characters on one line, as SNS requires', () => {
    const { subject } = failingFeedsNotice({ stage: `s${'x'.repeat(120)}`, afterHours: 24, now: NOW, failing: [old], previous: [] });
    expect(subject).toHaveLength(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('sameFeeds', () => {
  it.each([
    [[], [], true],
    [['a', 'b'], ['b', 'a'], true],
    [['a'], ['a', 'b'], false],
    [['a', 'c'], ['a', 'b'], false],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(sameFeeds(a, b)).toBe(expected);
  });
});
