import { describe, expect, it } from 'vitest';
import type { FeedSource, FeedState } from '../../../shared/domain/feed-source.js';
import { feedIdsOf, FEEDS_PER_POLL_MESSAGE, type PollRequested } from '../../../shared/domain/messages.js';
import { dispatchPolls } from '../../../shared/usecases/dispatch-polls.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryFeedStateStore } from '../../support/memory-stores.js';
import { RefusingQueue, type Refusal } from '../../support/refusing-queue.js';
import { MemoryPushSubscriptions } from '../../support/memory-push-subscriptions.js';

const feed = (id: string, extra: Partial<FeedSource> = {}): FeedSource => ({ id, url: `https://${id}.example/feed`, ...extra });
const state = (feedId: string, extra: Partial<FeedState> = {}): FeedState => ({ feedId, url: `https://${feedId}.example/feed`, consecutiveFailures: 0, itemsSeen: 0, ...extra });

function setup(feeds: FeedSource[], states: FeedState[] = [], refuse: (body: PollRequested) => Refusal | undefined = () => undefined) {
  const clock = new ManualClock('2026-11-20T10:00:00.000Z');
  const feedStates = new MemoryFeedStateStore();
  for (const s of states) feedStates.items.set(s.feedId, structuredClone(s));
  const pollQueue = new RefusingQueue<PollRequested>('poll', clock.now, refuse);
  const queued = () => [...pollQueue.messages.values()].flatMap((m) => feedIdsOf(m.body));
  return { clock, feedStates, pollQueue, queued, deps: { feeds, feedStates, pollQueue, clock } };
}

describe('dispatchPolls', () => {
  it.each([
    ['never polled (no state)', feed('f'), undefined, true],
    ['state without a next poll time', feed('f'), state('f'), true],
    ['due earlier', feed('f'), state('f', { nextPollAt: '2026-11-20T09:59:59.000Z' }), true],
    ['due exactly now', feed('f'), state('f', { nextPollAt: '2026-11-20T10:00:00.000Z' }), true],
    ['explicitly enabled and due', feed('f', { enabled: true }), undefined, true],
    // A poll runs seconds after its tick: the next poll it set, one interval on, is due at the tick that interval on.
    ['due within two minutes (a poll 30 s after the last tick set it)', feed('f'), state('f', { nextPollAt: '2026-11-20T10:00:30.000Z' }), true],
    ['due two minutes from now', feed('f'), state('f', { nextPollAt: '2026-11-20T10:02:00.000Z' }), true],
    ['not due yet', feed('f'), state('f', { nextPollAt: '2026-11-20T10:02:01.000Z' }), false],
    ['disabled in config', feed('f', { enabled: false }), undefined, false],
    ['disabled in its state (gone)', feed('f'), state('f', { disabled: true, disabledReason: 'HTTP 410' }), false],
  ])('%s: queued %s', async (_name, source, stored, expected) => {
    const t = setup([source], stored ? [stored] : []);
    const { feedIds: dispatched } = await dispatchPolls(t.deps);
    expect(dispatched).toEqual(expected ? ['f'] : []);
    expect(t.queued()).toEqual(expected ? ['f'] : []);
  });

  it('counts a feed due only at its time when told no slack', async () => {
    const t = setup([feed('f')], [state('f', { nextPollAt: '2026-11-20T10:00:30.000Z' })]);
    expect((await dispatchPolls({ ...t.deps, dueEarlyMs: 0 })).feedIds).toEqual([]);
    t.clock.advance({ seconds: 30 });
    expect((await dispatchPolls({ ...t.deps, dueEarlyMs: 0 })).feedIds).toEqual(['f']);
  });

  it('queues every due feed in one go, and only those', async () => {
    const t = setup(
      [feed('new'), feed('due'), feed('later'), feed('off', { enabled: false }), feed('gone')],
      [state('due', { nextPollAt: '2026-11-20T09:00:00.000Z' }), state('later', { nextPollAt: '2026-11-20T11:00:00.000Z' }), state('gone', { disabled: true })],
    );
    expect((await dispatchPolls(t.deps)).feedIds).toEqual(['new', 'due']);
    expect([...t.pollQueue.messages.values()].map((m) => m.body)).toEqual([{ feedIds: ['new', 'due'] }]);
  });

  it(`groups the due feeds ${FEEDS_PER_POLL_MESSAGE} to a message, in config order`, async () => {
    const ids = Array.from({ length: 2 * FEEDS_PER_POLL_MESSAGE + 3 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const t = setup(ids.map((id) => feed(id)));
    expect((await dispatchPolls(t.deps)).feedIds).toEqual(ids);
    expect([...t.pollQueue.messages.values()].map((m) => m.body.feedIds)).toEqual([ids.slice(0, 10), ids.slice(10, 20), ids.slice(20)]);
    expect((await dispatchPolls(t.deps, { force: true })).feedIds).toEqual(ids);
    expect([...t.pollQueue.messages.values()].slice(3).map((m) => m.body)).toEqual([
      { feedIds: ids.slice(0, 10), force: true },
      { feedIds: ids.slice(10, 20), force: true },
      { feedIds: ids.slice(20), force: true },
    ]);
  });

  it('sends nothing when nothing is due', async () => {
    const t = setup([feed('later')], [state('later', { nextPollAt: '2026-11-20T11:00:00.000Z' })]);
    expect((await dispatchPolls(t.deps)).feedIds).toEqual([]);
    expect(t.queued()).toEqual([]);
  });

  it('a feed that becomes due is queued by a later run', async () => {
    const t = setup([feed('f')], [state('f', { nextPollAt: '2026-11-20T10:05:00.000Z' })]);
    expect((await dispatchPolls(t.deps)).feedIds).toEqual([]);
    t.clock.advance({ seconds: 300 });
    expect((await dispatchPolls(t.deps)).feedIds).toEqual(['f']);
  });

  it('a queue failure changes no state, so the next run queues the same feeds again', async () => {
    const stored = state('due', { nextPollAt: '2026-11-20T09:00:00.000Z' });
    const t = setup([feed('new'), feed('due')], [stored]);
    t.pollQueue.failWith = Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });
    await expect(dispatchPolls(t.deps)).rejects.toThrow('ECONNREFUSED');
    expect(t.queued()).toEqual([]);
    expect(await t.feedStates.get('due')).toEqual(stored);
    expect(await t.feedStates.get('new')).toBeUndefined();

    t.pollQueue.failWith = undefined;
    t.clock.advance({ seconds: 60 });
    expect((await dispatchPolls(t.deps)).feedIds).toEqual(['new', 'due']);
    expect(t.queued()).toEqual(['new', 'due']);
  });

  it('a poll request the queue refuses is queued again by the next run', async () => {
    let refusing = true;
    const ids = Array.from({ length: FEEDS_PER_POLL_MESSAGE + 1 }, (_, i) => `f${i}`);
    const last = ids.at(-1)!;
    const t = setup(ids.map((id) => feed(id)), [], (body) => (refusing && feedIdsOf(body).includes(last) ? { code: 'InternalError', reason: 'try again', senderFault: false } : undefined));
    await expect(dispatchPolls(t.deps)).rejects.toMatchObject({ name: 'QueueSendError', rejected: [{ index: 1, code: 'InternalError' }], sentCount: 1 });
    expect(t.queued()).toEqual(ids.slice(0, -1));

    refusing = false;
    expect((await dispatchPolls(t.deps)).feedIds).toEqual(ids);
    expect(t.queued()).toEqual([...ids.slice(0, -1), ...ids]);
  });

  describe('an admin\'s poll now', () => {
    const feeds = () => [feed('new'), feed('later'), feed('off', { enabled: false }), feed('gone')];
    const states = () => [state('later', { nextPollAt: '2026-11-20T11:00:00.000Z' }), state('gone', { disabled: true })];

    it.each<[string, { force?: boolean; feedIds?: string[] }, PollRequested[]]>([
      ['force: every feed enabled in config, due or not, marked forced', { force: true }, [{ feedIds: ['new', 'later', 'gone'], force: true }]],
      ['force with feedIds: only those', { force: true, feedIds: ['later'] }, [{ feedIds: ['later'], force: true }]],
      ['feedIds without force: only those that are due', { feedIds: ['new', 'later'] }, [{ feedIds: ['new'] }]],
      ['force for a feed disabled in config: nothing', { force: true, feedIds: ['off'] }, []],
    ])('%s', async (_name, input, expected) => {
      const t = setup(feeds(), states());
      expect((await dispatchPolls(t.deps, input)).feedIds).toEqual(expected.flatMap(feedIdsOf));
      expect([...t.pollQueue.messages.values()].map((m) => m.body)).toEqual(expected);
    });

    it('refuses unknown feed ids, naming them and the configured feeds, and queues nothing', async () => {
      const t = setup(feeds(), states());
      await expect(dispatchPolls(t.deps, { force: true, feedIds: ['new', 'nope', 'typo'] })).rejects.toThrow('unknown feed "nope", "typo"; configured feeds: new, later, off, gone');
      expect(t.queued()).toEqual([]);
    });
  });

  describe('a feed a WebSub hub pushes', () => {
    const HUB = 'https://hub.example/';
    const pushedState = (extra: Partial<FeedState> = {}) => state('f', { hub: HUB, nextPollAt: '2026-11-20T09:59:00.000Z', lastSuccessAt: '2026-11-20T09:00:00.000Z', ...extra });
    const subscription = { feedId: 'f', hub: HUB, topic: 'https://f.example/feed', mode: 'subscribe' as const, status: 'verified' as const, requestedAt: '2026-11-20T08:00:00.000Z', verifiedAt: '2026-11-20T08:00:00.000Z', leaseExpiresAt: '2026-11-30T08:00:00.000Z', attempts: 0 };
    it.each([
      ['pushed, polled an hour ago: left to the hub', pushedState(), subscription, false],
      ['pushed, but the safety interval passed', pushedState({ lastSuccessAt: '2026-11-20T06:59:00.000Z' }), subscription, true],
      ['pushed, its own schedule not due either', pushedState({ nextPollAt: '2026-11-20T10:05:00.000Z', lastSuccessAt: '2026-11-20T06:00:00.000Z' }), subscription, false],
      ['the lease lapsed: polled on its schedule', pushedState(), { ...subscription, leaseExpiresAt: '2026-11-20T09:30:00.000Z' }, true],
      ['the hub went quiet: polled on its schedule', pushedState({ pollFoundNewAt: '2026-11-20T09:00:00.000Z' }), subscription, true],
      ['awaiting verification: polled on its schedule', pushedState(), { ...subscription, status: 'requested' as const }, true],
    ])('%s', async (_name, stored, sub, expected) => {
      const t = setup([feed('f')], [stored]);
      const pushSubscriptions = new MemoryPushSubscriptions();
      await pushSubscriptions.put(sub);
      const { feedIds } = await dispatchPolls({ ...t.deps, pushSubscriptions, safetyPollMinutes: 180 });
      expect(feedIds).toEqual(expected ? ['f'] : []);
    });
  });
});
