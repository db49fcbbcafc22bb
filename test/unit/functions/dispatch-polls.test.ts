import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/dispatch-polls/handler.js';
import type { PollRequested } from '../../../shared/domain/messages.js';
import { sampleConfig } from '../../../infra/config/index.js';
import { dispatchPollsDefinition } from '../../../shared/runtime/composition/dispatch-polls.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryQueue } from '../../support/memory-stores.js';
import { composeWith, memoryTable } from '../../support/test-ports.js';

/** The dispatch-polls handler on the definition's own composition, over memory stores and queue. */
async function dispatcher() {
  const clock = new ManualClock();
  const table = memoryTable(clock);
  const config = sampleConfig({ feeds: [{ id: 'a', url: 'https://a.example/feed' }, { id: 'b', url: 'https://b.example/feed' }] });
  await table.feedStates.put({ feedId: 'b', url: 'https://b.example/feed', consecutiveFailures: 0, itemsSeen: 0, nextPollAt: '2026-11-20T11:00:00.000Z' });
  const poll = new MemoryQueue<PollRequested>('poll', clock.now);
  const deps = await composeWith(dispatchPollsDefinition, { config, clock, world: { table }, queues: { poll } });
  const queued = () => [...poll.messages.values()].map((m) => m.body);
  return { handle: makeHandler(deps), table, config, queued };
}

describe('dispatch-polls handler', () => {
  it.each<[string, unknown, PollRequested[]]>([
    ['the schedule\'s event: the feeds that are due', { scheduledTime: '2026-11-20T10:00:00Z' }, [{ feedId: 'a' }]],
    ['no event at all: the same', undefined, [{ feedId: 'a' }]],
    ['{"force": true}: every feed, forced', { force: true }, [{ feedId: 'a', force: true }, { feedId: 'b', force: true }]],
    ['{"force": true, "feedIds": ["b"]}: that feed, forced', { force: true, feedIds: ['b'] }, [{ feedId: 'b', force: true }]],
    ['{"force": false}: the feeds that are due', { force: false }, [{ feedId: 'a' }]],
  ])('%s', async (_name, event, expected) => {
    const t = await dispatcher();
    expect(await t.handle(event)).toEqual({ dispatched: expected.length, seeded: t.config.subscribers.length });
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
});
