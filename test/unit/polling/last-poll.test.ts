import { describe, expect, it } from 'vitest';
import type { FeedState } from '../../../shared/domain/feed-source.js';
import { withLastPoll } from '../../../shared/domain/polling/last-poll.js';
import { encodePublishingHours, learnPublishingHours } from '../../../shared/domain/polling/publishing-hours.js';
import { nextPollAfterNotModified } from '../../../shared/domain/polling/schedule.js';

const stored: FeedState = {
  feedId: 'a',
  url: 'https://a.example/feed',
  consecutiveFailures: 0,
  itemsSeen: 4,
  lastPolledAt: '2026-11-20T10:00:00.000Z',
  pollNumber: 7,
  lastSuccessAt: '2026-11-20T10:00:00.000Z',
  lastStatus: '200',
  pollIntervalMinutes: 36,
  nextPollBasis: 'publishing-rate',
  nextPollAt: '2026-11-20T10:36:00.000Z',
};

describe('withLastPoll', () => {
  it.each([
    ['no poll recorded', {}, stored],
    ['the poll the state itself recorded', { poll: 7, polledAt: '2026-11-20T10:00:00.000Z' }, stored],
    ['the poll the state recorded, on a clock that runs behind', { poll: 7, polledAt: '2026-11-20T09:59:00.000Z' }, stored],
    ['a disabled feed', { poll: 8, polledAt: '2026-11-20T11:00:00.000Z' }, { ...stored, disabled: true }],
  ])('leaves the state alone for %s', (_name, last, state) => {
    expect(withLastPoll(state as FeedState, last)).toEqual(state);
  });

  it('reads a later poll as a 304 even when the clock stood still', () => {
    expect(withLastPoll(stored, { poll: 8, polledAt: '2026-11-20T10:00:00.000Z' })).toMatchObject({ pollNumber: 8, lastStatus: '304', nextPollAt: '2026-11-20T10:36:00.000Z' });
  });

  it('reads a later claimed poll as a 304 that kept the interval', () => {
    expect(withLastPoll(stored, { poll: 8, polledAt: '2026-11-20T10:40:00.000Z' })).toEqual({
      ...stored,
      pollNumber: 8,
      lastPolledAt: '2026-11-20T10:40:00.000Z',
      lastSuccessAt: '2026-11-20T10:40:00.000Z',
      lastStatus: '304',
      nextPollAt: '2026-11-20T11:16:00.000Z',
    });
  });

  it('after a failure, the 304 resets the count and the backoff basis', () => {
    const failed = { ...stored, consecutiveFailures: 2, failingSince: '2026-11-20T09:00:00.000Z', lastStatus: '500', nextPollBasis: 'backoff', pollIntervalMinutes: 10 };
    const read = withLastPoll(failed, { poll: 8, polledAt: '2026-11-20T10:40:00.000Z' });
    expect(read).toMatchObject({ consecutiveFailures: 0, lastStatus: '304', nextPollBasis: 'previous-interval', nextPollAt: '2026-11-20T10:50:00.000Z' });
    // Not failing any more, so no failing-feeds notice names it.
    expect(read.failingSince).toBeUndefined();
  });

  it('with learned hours, derives the next poll a 304 would choose: on the feed\'s clock, not one wall-clock interval on', () => {
    // Items every weekday at 9:00–11:00 UTC for two weeks.
    const times = Array.from({ length: 14 }, (_, d) => d)
      .filter((d) => d % 7 < 5)
      .flatMap((d) => [9, 10, 11].map((h) => Date.UTC(2026, 10, 2 + d, h)));
    const learned = { ...stored, publishingHours: encodePublishingHours(learnPublishingHours(undefined, times, Date.UTC(2026, 10, 16))), pollFloorMinutes: 5, pollCeilingMinutes: 1440 };
    const polledAt = '2026-11-20T13:00:00.000Z';
    const read = withLastPoll(learned, { poll: 8, polledAt });
    const the304 = nextPollAfterNotModified({ now: new Date(polledAt), previousIntervalMinutes: 36, previousBasis: 'publishing-rate', publishingHours: learned.publishingHours, previousFloorMinutes: 5 });
    expect(read.nextPollAt).toBe(the304.nextPollAt.toISOString());
    // Friday 13:00 is past its hours: the 36 minutes of its clock take longer than 36 of the wall clock.
    expect(Date.parse(read.nextPollAt!) - Date.parse(polledAt)).toBeGreaterThan(2 * 36 * 60_000);
  });
});
