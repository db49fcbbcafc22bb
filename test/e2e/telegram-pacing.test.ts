/**
 * Telegram's limits on the local topology: the real send-telegram bundle, its event source (batches of 10, two
 * concurrent containers) and the Telegram stand-in, which answers 429 to anything over 1 message a second per chat or
 * 30 a second per bot. Each container paces to its share of the bot rate, and the short waits between a batch's sends
 * are waited out in the invocation: an alert to 12 chats goes out with no pacing re-queue and no 429.
 * (Per chat, a container paces only what it sends: two alerts to one chat handled by both containers at once can
 * still meet a 429, which re-queues with its retry_after. See docs/cost-model.md.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import { DEFAULT_RATE_LIMITS } from '../../infra/local/telegram-stand-in.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const CHATS = 12;
const feedXml = rssFeed({
  title: 'Wire',
  items: [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' }],
});

/** The most sends within any one second, by key (a chat, or the bot). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('Telegram pacing on the local topology', () => {
  let system: TestSystem;
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;

  beforeAll(async () => {
    feeds = await startFeedServer({ '/wire.xml': { body: feedXml } });
    system = await startTestSystem({
      config: testStage({
        feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }],
        subscribers: Array.from({ length: CHATS }, (_, i) => ({ id: `officer-${i}`, telegramChatId: String(5000 + i), topics: ['csto'], channels: ['telegram' as const] })),
      }),
    });
  });
  afterAll(async () => {
    await system?.stop();
    await feeds?.close();
  });

  it('sends an alert to 12 chats within the limits, with no pacing re-queue', { timeout: 120_000 }, async () => {
    const mark = system.context.logs.mark();
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ newArticles: 1, telegramSent: CHATS, parked: 0 });

    const sent = system.telegram.sent();
    expect(sent.map((m) => m.chatId).sort()).toEqual(Array.from({ length: CHATS }, (_, i) => String(5000 + i)).sort());
    expect(system.telegram.rejected()).toEqual([]);
    expect(busiestSecond(sent.map((m) => m.at))).toBeLessThanOrEqual(DEFAULT_RATE_LIMITS.perBotPerSecond);

    // The batch's sends waited for their slots in the invocation instead of going back to the queue.
    const requeued = system.context.logs.since(mark).filter((l) => l.function === 'send-telegram' && l.message === 'retry later');
    expect(requeued.map((l) => l.json?.reason)).toEqual([]);
    expectOnlyAllowedCalls(system);
  });
});
