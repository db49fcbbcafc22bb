import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/dispatch-polls/handler.js';
import type { PollRequested } from '../../../shared/domain/messages.js';
import { sampleConfig } from '../../../infra/config/index.js';
import { dispatchPollsDefinition } from '../../../shared/runtime/composition/dispatch-polls.js';
import { METRICS, METRICS_NAMESPACE } from '../../../shared/topology/metrics.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryAdminNotifier, MemoryFailingFeedsReports } from '../../support/memory-admin-notices.js';
import { MemoryQueue } from '../../support/memory-stores.js';
import { composeWith, memoryTable } from '../../support/test-ports.js';

/** The dispatch-polls handler on the definition's own composition, over memory stores, queue and alarm topic. */
async function dispatcher() {
  const clock = new ManualClock();
  const table = memoryTable(clock);
  const config = sampleConfig({ feeds: [{ id: 'a', url: 'https://a.example/feed' }, { id: 'b', url: 'https://b.example/feed' }] });
  await table.feedStates.put({ feedId: 'b', url: 'https://b.example/feed', consecutiveFailures: 0, itemsSeen: 0, nextPollAt: '2026-11-20T11:00:00.000Z' });
  const poll = new MemoryQueue<PollRequested>('poll', clock.now);
  const notifier = new MemoryAdminNotifier();
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'dispatch-polls' });
  const deps = await composeWith(dispatchPollsDefinition, { config, clock, world: { table, adminNotifier: notifier, failingFeedsReports: new MemoryFailingFeedsReports() }, queues: { poll }, metrics });
  const queued = () => [...poll.messages.values()].map((m) => m.body);
  return { handle: makeHandler(deps), table, config, queued, clock, notifier, metrics };
}

/** The EMF document Powertools would write now, and what it holds. */
const emf = (metrics: Metrics) => metrics.serializeMetrics() as unknown as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

describe('dispatch-polls handler', () => {
  it.each<[string, unknown, PollRequested[], boolean]>([
    ['the schedule\'s event: the feeds that are due', { scheduledTime: '2026-11-20T10:00:00Z' }, [{ feedIds: ['a'] }], true],
    ['no event at all: the same', undefined, [{ feedIds: ['a'] }], true],
    ['{"force": true}: every feed, forced', { force: true }, [{ feedIds: ['a', 'b'], force: true }], false],
    ['{"force": true, "feedIds": ["b"]}: that feed, forced', { force: true, feedIds: ['b'] }, [{ feedIds: ['b'], force: true }], false],
    ['{"force": false}: the feeds that are due', { force: false }, [{ feedIds: ['a'] }], true],
  ])('%s', async (_name, event, expected, reports) => {
    const t = await dispatcher();
    expect(await t.handle(event)).toEqual({ dispatched: expected.flatMap((m) => m.feedIds ?? []).length, seeded: t.config.subscribers.length, ...(reports ? { failingFeeds: 0 } : {}) });
    expect(t.queued()).toEqual(expected);
  });

  it.each<[string, unknown, RegExp]>([
    ['force that is not a boolean', { force: 'yes' }, /invalid dispatch-polls event: .*force/],
    ['feedIds that is not a list', { feedIds: 'a' }, /invalid dispatch-polls event: .*feedIds/],
    ['an event that is not an object', 'poll now', /invalid dispatch-polls event/],
    ['an unknown feed id', { force: true, feedIds: ['a', 'nope'] }, /unknown feed "nope"/],
  ])('refuses %s and queues nothing', async (_name, event, error) => {
    const t = await dispatcher();
    await expect(t.handle(event)).rejects.toThrow(error);
    expect(t.queued()).toEqual([]);
  });

  it('adds the admin-defined subscribers once', async () => {
    const t = await dispatcher();
    expect(await t.handle({})).toMatchObject({ seeded: 2 });
    expect(await t.handle({})).toMatchObject({ seeded: 0 });
    expect((await t.table.subscribers.get('duty-telegram'))?.telegramChatId).toBe('100001');
  });

  describe('feeds failing for longer than monitoring.failingFeedHours (24 h)', () => {
    const failingB = (since: string) => ({
      feedId: 'b',
      url: 'https://b.example/feed',
      consecutiveFailures: 9,
      itemsSeen: 0,
      failingSince: since,
      lastError: 'HTTP 503 Service Unavailable',
      lastErrorAt: '2026-11-20T09:40:00.000Z',
      lastStatus: '503',
      nextPollAt: '2026-11-20T12:00:00.000Z',
    });

    it('counts them on every scheduled tick (the FeedsFailing metric) and tells the admins once per change', async () => {
      const t = await dispatcher();
      await t.table.feedStates.put(failingB('2026-11-19T09:59:00.000Z'));
      expect(await t.handle({ scheduledTime: '2026-11-20T10:00:00Z' })).toMatchObject({ failingFeeds: 1 });
      expect(t.notifier.notices).toHaveLength(1);
      expect(t.notifier.notices[0]!.subject).toBe('newshound prod: 1 feed failing for over 24 h');
      expect(t.notifier.notices[0]!.message).toContain('- b: https://b.example/feed');
      expect(t.notifier.notices[0]!.message).toContain('HTTP 503 Service Unavailable');

      const blob = emf(t.metrics);
      expect(blob._aws.CloudWatchMetrics[0]).toEqual({ Namespace: 'newshound', Dimensions: [['service']], Metrics: [{ Name: METRICS.feedsFailing.name, Unit: 'Count' }] });
      expect(blob).toMatchObject({ service: 'dispatch-polls', [METRICS.feedsFailing.name]: 1 });
      t.metrics.clearMetrics();

      // The next tick: the same set, no second message; the metric still says 1.
      t.clock.advance({ minutes: 5 });
      expect(await t.handle({ scheduledTime: '2026-11-20T10:05:00Z' })).toMatchObject({ failingFeeds: 1 });
      expect(t.notifier.notices).toHaveLength(1);
      expect(emf(t.metrics)).toMatchObject({ [METRICS.feedsFailing.name]: 1 });
    });

    it('leaves a feed failing for less than the threshold out, and says nothing', async () => {
      const t = await dispatcher();
      await t.table.feedStates.put(failingB('2026-11-19T10:00:00.000Z'));
      expect(await t.handle({})).toMatchObject({ failingFeeds: 0 });
      expect(t.notifier.notices).toEqual([]);
    });

    it('an admin\'s poll now reads no states and reports nothing', async () => {
      const t = await dispatcher();
      await t.table.feedStates.put(failingB('2026-11-01T00:00:00.000Z'));
      expect(await t.handle({ force: true })).not.toHaveProperty('failingFeeds');
      expect(t.notifier.notices).toEqual([]);
      expect(t.metrics.hasStoredMetrics()).toBe(false);
    });

    it('still queues the polls when the alarm topic refuses the notice, and sends it on the next tick', async () => {
      const t = await dispatcher();
      await t.table.feedStates.put(failingB('2026-11-01T00:00:00.000Z'));
      t.notifier.failWith = new Error('AuthorizationError: not authorized to perform SNS:Publish');
      expect(await t.handle({})).toEqual({ dispatched: 1, seeded: 2 });
      expect(t.queued()).toEqual([{ feedIds: ['a'] }]);
      t.notifier.failWith = undefined;
      expect(await t.handle({})).toMatchObject({ failingFeeds: 1 });
      expect(t.notifier.notices.map((n) => n.subject)).toEqual(['newshound prod: 1 feed failing for over 24 h']);
    });
  });
});
