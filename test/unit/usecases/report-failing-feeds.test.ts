import { describe, expect, it } from 'vitest';
import type { FeedState } from '../../../shared/domain/feed-source.js';
import { reportFailingFeeds } from '../../../shared/usecases/report-failing-feeds.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryAdminNotifier, MemoryFailingFeedsReports } from '../../support/memory-admin-notices.js';

const feeds = [
  { id: 'a', url: 'https://a.example/feed' },
  { id: 'b', url: 'https://b.example/feed' },
];

function setup() {
  const clock = new ManualClock('2026-11-20T10:00:00.000Z');
  const reports = new MemoryFailingFeedsReports();
  const notifier = new MemoryAdminNotifier();
  const deps = { feeds, reports, notifier, clock, config: { stage: 'prod', failingFeedHours: 24 } };
  return { clock, reports, notifier, deps };
}

const failing = (id: string, since: string): FeedState => ({ feedId: id, url: `https://${id}.example/feed`, consecutiveFailures: 5, itemsSeen: 0, failingSince: since, lastError: `HTTP 500 from ${id}` });
const healthy = (id: string): FeedState => ({ feedId: id, url: `https://${id}.example/feed`, consecutiveFailures: 0, itemsSeen: 3, lastSuccessAt: '2026-11-20T09:55:00.000Z' });

describe('reportFailingFeeds', () => {
  it('tells the admins once per change of the set: a feed joins, another joins, one recovers, all recover', async () => {
    const t = setup();
    const subjects = () => t.notifier.notices.map((n) => n.subject);
    expect(await reportFailingFeeds(t.deps, [healthy('a'), healthy('b')])).toMatchObject({ failing: [], notified: false });
    expect(t.notifier.notices).toEqual([]);

    const states = [failing('a', '2026-11-19T09:00:00.000Z'), failing('b', '2026-11-19T12:00:00.000Z')];
    expect(await reportFailingFeeds(t.deps, states)).toMatchObject({ failing: [{ feedId: 'a' }], notified: true });
    expect(await reportFailingFeeds(t.deps, states)).toMatchObject({ notified: false });
    t.clock.advance({ hours: 3 });
    expect(await reportFailingFeeds(t.deps, states)).toMatchObject({ failing: [{ feedId: 'a' }, { feedId: 'b' }], notified: true });
    expect(t.notifier.notices[1]!.message).toContain('(new: b)');
    expect(await reportFailingFeeds(t.deps, [healthy('a'), states[1]!])).toMatchObject({ failing: [{ feedId: 'b' }], notified: true });
    expect(t.notifier.notices[2]!.message).toContain('Recovered or removed since the last notice: a.');
    expect(await reportFailingFeeds(t.deps, [healthy('a'), healthy('b')])).toMatchObject({ failing: [], notified: true });
    expect(await reportFailingFeeds(t.deps, [healthy('a'), healthy('b')])).toMatchObject({ notified: false });
    expect(subjects()).toEqual([
      'newshound prod: 1 feed failing for over 24 h',
      'newshound prod: 2 feeds failing for over 24 h',
      'newshound prod: 1 feed failing for over 24 h',
      'newshound prod: no feed failing for over 24 h any more',
    ]);
  });

  it('two reporters at the same moment send one message', async () => {
    const t = setup();
    const states = [failing('a', '2026-11-01T00:00:00.000Z')];
    const results = await Promise.all([reportFailingFeeds(t.deps, states), reportFailingFeeds(t.deps, states)]);
    expect(results.map((r) => r.notified).sort()).toEqual([false, true]);
    expect(t.notifier.notices).toHaveLength(1);
  });

  it('a message the topic refused is sent by the next call, not lost', async () => {
    const t = setup();
    const states = [failing('a', '2026-11-01T00:00:00.000Z')];
    t.notifier.failWith = new Error('SNS is unavailable');
    await expect(reportFailingFeeds(t.deps, states)).rejects.toThrow('SNS is unavailable');
    expect(t.notifier.notices).toEqual([]);
    t.notifier.failWith = undefined;
    expect(await reportFailingFeeds(t.deps, states)).toMatchObject({ notified: true });
    expect(t.notifier.notices).toHaveLength(1);
  });

  it('names only configured, enabled feeds: a feed removed from config counts as recovered', async () => {
    const t = setup();
    await reportFailingFeeds(t.deps, [failing('a', '2026-11-01T00:00:00.000Z')]);
    const removed = { ...t.deps, feeds: [feeds[1]!] };
    expect(await reportFailingFeeds(removed, [failing('a', '2026-11-01T00:00:00.000Z')])).toMatchObject({ failing: [], notified: true });
    expect(t.notifier.notices[1]!.subject).toBe('newshound prod: no feed failing for over 24 h any more');
  });
});
