import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramBotClient } from '../../../shared/adapters/telegram/telegram-bot-client.js';
import { MemorySendPacer } from '../../../shared/adapters/memory/memory-send-pacer.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../../infra/local/telegram-stand-in.js';
import { anArticle, aSubscriber } from '../../support/factories.js';
import { ManualClock } from '../../support/manual-clock.js';
import { CONFIG, deliverDeps, makeWorld } from './harness.js';

describe('Telegram delivery against the stand-in', () => {
  // One clock for the stand-in's limiter and the use case's pacer: time moves only when the test moves it.
  const clock = new ManualClock();
  let standIn: TelegramStandIn;
  beforeAll(async () => {
    standIn = await startTelegramStandIn({ botToken: 'local:token', rateLimits: { perChatPerSecond: 1, perBotPerSecond: 30 }, blockedChats: ['666'], now: () => clock.now().getTime() });
  });
  afterAll(() => standIn.close());

  it('delivers a burst paced per chat and per bot with no 429, and disables a blocked chat', async () => {
    const subs = Array.from({ length: 12 }, (_, i) => aSubscriber({ id: `tg${i}`, telegramChatId: String(1000 + i), channels: ['telegram'], topics: ['csto'] }));
    subs.push(aSubscriber({ id: 'blocked', telegramChatId: '666', channels: ['telegram'], topics: ['csto'] }));
    const w = makeWorld(subs);
    const client = new TelegramBotClient({ botToken: 'local:token', apiBase: standIn.url });
    const deps = deliverDeps(w, { telegram: client, pacer: new MemorySendPacer(), clock, config: { ...CONFIG, telegram: { perChatPerSecond: 0.8, perBotPerSecond: 20 } } });
    // (Paced below the stand-in's 1/s and 30/s; the bench measures the tight case.)
    const articles = [anArticle({ title: 'One' }), anArticle({ title: 'Two' })];
    for (const a of articles) {
      await w.articles.putIfAbsent(a);
      for (const s of subs) await w.queues.telegram.send([{ subscriberId: s.id, channel: 'telegram', articleId: a.id, matches: [{ topicId: 'csto', terms: [] }] }]);
    }
    // Drive the queue: honour each retry delay as the SQS re-send does, by moving the clock instead of waiting.
    const { deliverAlert } = await import('../../../shared/usecases/deliver-alert.js');
    const pending = [...w.queues.telegram.messages.values()].map((m) => ({ body: m.body, at: clock.now().getTime(), n: 0 }));
    const outcomes: string[] = [];
    while (pending.length) {
      pending.sort((a, b) => a.at - b.at);
      const next = pending.shift()!;
      if (next.at > clock.now().getTime()) clock.set(next.at);
      const outcome = await deliverAlert(deps, next.body, { attempt: ++next.n });
      // Rounded up to whole milliseconds, as a timer would wait: the clock, like Date, has no finer grain.
      if (outcome.kind === 'retry') pending.push({ ...next, at: clock.now().getTime() + Math.ceil(outcome.delaySeconds * 1000) });
      else outcomes.push(outcome.kind === 'done' ? outcome.detail : outcome.kind);
    }
    expect(standIn.rejected().filter((r) => r.status === 429), JSON.stringify({ rejected: standIn.rejected(), sent: standIn.sent().map((m) => [m.chatId, m.at]) })).toEqual([]);
    expect(standIn.sent()).toHaveLength(24);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(24);
    expect(outcomes).toContain('channel-disabled');
    expect((await w.subscribers.get('blocked'))?.disabledChannels?.telegram).toBeDefined();
    // Each chat got its two messages at least a second apart.
    for (const s of subs.slice(0, 12)) {
      const times = standIn.sent().filter((m) => m.chatId === s.telegramChatId).map((m) => m.at);
      expect(times).toHaveLength(2);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    }
  });
});
