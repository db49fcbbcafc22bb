import { describe, expect, it } from 'vitest';
import { IN_INVOCATION_WAIT_MS, PacingSchedule, ROOM_AFTER_WAIT_MS, telegramLimits, waitsInInvocation, type PaceLimit } from '../../../shared/domain/delivery/pacing.js';
import { planDeliveries } from '../../../shared/domain/delivery/fan-out-plan.js';
import { SlidingWindowLimiter } from '../../../infra/local/telegram-stand-in.js';
import { aSubscriber } from '../../support/factories.js';

const limits = (chat: string): PaceLimit[] => [
  { key: `chat:${chat}`, perSecond: 1 },
  { key: 'telegram:bot', perSecond: 25 },
];

describe('pacing schedule', () => {
  it('spaces sends on the bot at its rate and tells each holder its own wait', () => {
    const p = new PacingSchedule();
    const waits = Array.from({ length: 5 }, (_, i) => p.reserve(`h${i}`, limits(`c${i}`), 0));
    expect(waits).toEqual([0, 40, 80, 120, 160]);
  });

  it('keeps a holder’s place: coming back early or on time takes no second slot', () => {
    const p = new PacingSchedule();
    p.reserve('a', limits('1'), 0);
    expect(p.reserve('b', limits('2'), 0)).toBe(40);
    expect(p.reserve('b', limits('2'), 10)).toBe(30);
    expect(p.reserve('c', limits('3'), 10)).toBe(70);
    expect(p.reserve('b', limits('2'), 40)).toBe(0);
    expect(p.reserve('d', limits('4'), 40)).toBe(80);
  });

  it('paces one chat at 1/s without holding the bot for other chats', () => {
    const p = new PacingSchedule();
    expect(p.reserve('m1', limits('busy'), 0)).toBe(0);
    p.answered('m1', 0);
    expect(p.reserve('m2', limits('busy'), 0)).toBe(1000);
    expect(p.reserve('m3', limits('busy'), 0)).toBe(2000);
    // Another chat is not stuck behind the busy one.
    expect(p.reserve('other', limits('calm'), 0)).toBe(40);
    // m2 comes back when its chat slot arrives, then takes the next bot slot.
    expect(p.reserve('m2', limits('busy'), 1000)).toBe(0);
  });

  it('never lets more sends through a sliding second than the limits allow (simulated)', () => {
    const p = new PacingSchedule();
    const window = new SlidingWindowLimiter();
    const pending = Array.from({ length: 300 }, (_, i) => ({ holder: `m${i}`, chat: `c${i % 40}`, at: 0 }));
    let sent = 0;
    let violations = 0;
    for (let guard = 0; pending.length && guard < 100_000; guard++) {
      pending.sort((a, b) => a.at - b.at);
      const m = pending.shift()!;
      const wait = p.reserve(m.holder, limits(m.chat), m.at);
      if (wait > 0) {
        pending.push({ ...m, at: m.at + wait });
        continue;
      }
      p.answered(m.holder, m.at + (m.holder.length % 3)); // answers come back 0–2 ms later
      if (window.check(`chat:${m.chat}`, 1, m.at) || window.check('bot', 25, m.at)) violations++;
      window.record(`chat:${m.chat}`, m.at);
      window.record('bot', m.at);
      sent++;
    }
    expect(sent).toBe(300);
    expect(violations).toBe(0);
  });

  it('adds jitter margins to Telegram’s limits', () => {
    const p = new PacingSchedule();
    const tl = (chat: string) => telegramLimits(chat, { perChatPerSecond: 1, perBotPerSecond: 25 });
    expect([p.reserve('a', tl('1'), 0), p.reserve('b', tl('2'), 0), p.reserve('c', tl('1'), 0)]).toEqual([0, 41.2, 1050]);
  });

  it('holds off a key after a 429', () => {
    const p = new PacingSchedule();
    p.holdOff('telegram:bot', 5000);
    expect(p.reserve('x', limits('1'), 0)).toBe(5000);
  });
});

describe('waiting in the invocation', () => {
  it.each<[string, number, number, number | undefined, boolean]>([
    ['no wait', 0, 0, 30_000, false],
    ['the next bot slot of a batch', 82.4, 0, 30_000, true],
    ['the last slot of a batch of 10', 742, 0, 30_000, true],
    ['up to the bound, counting what was waited', 400, IN_INVOCATION_WAIT_MS - 400, 30_000, true],
    ['past the bound with what was waited', 400, IN_INVOCATION_WAIT_MS - 399, 30_000, false],
    ['a second message to the same chat (1/s)', 1050, 0, 30_000, false],
    ['a 429 retry_after', 5000, 0, 30_000, false],
    ['with just enough time left', 500, 0, ROOM_AFTER_WAIT_MS + 500, true],
    ['with too little time left', 500, 0, ROOM_AFTER_WAIT_MS + 499, false],
    ['outside Lambda (no deadline)', 500, 0, undefined, true],
  ])('%s', (_, waitMs, waitedMs, remainingMs, expected) => {
    expect(waitsInInvocation(waitMs, waitedMs, remainingMs)).toBe(expected);
  });
});

describe('stand-in sliding window', () => {
  it.each([
    [[0], 1, 10, 1],
    [[0], 1, 999, 1],
    [[0], 1, 1000, 0],
    [[0, 100, 200], 3, 500, 1],
    [[0, 100], 3, 500, 0],
  ])('after sends at %j with limit %i, at %i ms retry_after is %i', (times, limit, now, wait) => {
    const w = new SlidingWindowLimiter();
    for (const t of times) w.record('k', t);
    expect(w.check('k', limit, now)).toBe(wait);
  });
});

describe('fan-out plan', () => {
  it('merges topics per subscriber and skips inactive or disabled channels', () => {
    const both = aSubscriber({ id: 'both', telegramChatId: '1', topics: ['a', 'b'], channels: ['email', 'telegram'], disabledChannels: { telegram: { reason: '403', at: 'x' } } });
    const off = aSubscriber({ id: 'off', topics: ['a'], status: 'unsubscribed' });
    const noAddress = aSubscriber({ id: 'noaddr', email: undefined, topics: ['b'], channels: ['email'] });
    const plan = planDeliveries('art', [{ topicId: 'a', terms: [] }, { topicId: 'b', terms: [] }], new Map([['a', [both, off]], ['b', [both, noAddress]]]), [{ topicId: 'b', count: 99 }]);
    expect(plan).toEqual([{ subscriberId: 'both', channel: 'email', articleId: 'art', matches: [{ topicId: 'a', terms: [] }, { topicId: 'b', terms: [] }], storm: [{ topicId: 'b', count: 99 }] }]);
  });
});

describe('pacing against late senders', () => {
  it('counts a send until a second after its answer, so a slow request cannot bunch up with the next', () => {
    const p = new PacingSchedule();
    const tl = (chat: string) => telegramLimits(chat, { perChatPerSecond: 1, perBotPerSecond: 2 });
    // Fill the bot so the first message to chat X waits for the bot.
    expect(p.reserve('other1', tl('o1'), 0)).toBe(0);
    p.answered('other1', 5);
    const firstWait = p.reserve('x1', tl('x'), 0);
    expect(firstWait).toBeGreaterThan(0);
    expect(p.reserve('x2', tl('x'), 0)).toBe(1050); // chat slot, computed before x1 actually went
    let t = firstWait;
    let wait = p.reserve('x1', tl('x'), t);
    while (wait > 0) {
      t += wait;
      wait = p.reserve('x1', tl('x'), t);
    }
    const x1Answered = t + 300; // a slow answer
    p.answered('x1', x1Answered);
    t = 1050;
    wait = p.reserve('x2', tl('x'), t);
    while (wait > 0) {
      t += wait;
      wait = p.reserve('x2', tl('x'), t);
    }
    expect(t).toBeGreaterThanOrEqual(x1Answered + 1000);
  });

  it('keeps the window closed while a send has no answer yet', () => {
    const p = new PacingSchedule();
    const one: PaceLimit[] = [{ key: 'k', perSecond: 1 }];
    expect(p.reserve('a', one, 0)).toBe(0);
    expect(p.reserve('b', one, 5000)).toBe(10);
    p.answered('a', 5000);
    // Open a second after the answer (6000); b queued behind the window at its earlier turn, so 6010.
    expect(p.reserve('b', one, 5010)).toBe(1000);
    expect(p.reserve('b', one, 6010)).toBe(0);
  });
});
