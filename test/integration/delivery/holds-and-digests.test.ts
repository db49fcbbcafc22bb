import { describe, expect, it } from 'vitest';
import { parseTelegramHtml } from '../../../shared/domain/render/telegram-html.js';
import { MemorySendPacer } from '../../../shared/adapters/memory/memory-send-pacer.js';
import { deliverAlert } from '../../../shared/usecases/deliver-alert.js';
import { sendDigests } from '../../../shared/usecases/send-digests.js';
import { anArticle, aSubscriber } from '../../support/factories.js';
import { deliverDeps, makeWorld, runAll, type World } from './harness.js';

const csto = { topicId: 'csto', terms: [{ term: 'CSTO', field: 'title' as const, snippet: 'CSTO summit' }] };

async function article(w: World, title: string) {
  const a = anArticle({ title });
  await w.articles.putIfAbsent(a);
  return a;
}

async function digestsDue(w: World) {
  return sendDigests({ digests: w.digests, queues: { email: w.queues.email, telegram: w.queues.telegram, webhook: w.queues.webhook }, clock: w.clock });
}

describe('quiet hours', () => {
  it('holds instant alerts until the quiet period ends in the subscriber’s zone, then sends them once', async () => {
    const sub = aSubscriber({ id: 'night', email: 'n@example.org', timeZone: 'Asia/Yerevan', quietHours: { start: '22:00', end: '07:00' } });
    const w = makeWorld([sub]);
    w.clock.set('2026-11-20T20:30:00Z'); // 00:30 in Yerevan (UTC+4)
    const a1 = await article(w, 'First night alert');
    const a2 = await article(w, 'Second night alert');
    for (const a of [a1, a2]) expect(await deliverAlert(deliverDeps(w), { subscriberId: 'night', channel: 'email', articleId: a.id, matches: [csto] })).toEqual({ kind: 'done', detail: 'held: quiet-hours' });
    expect(w.mailer.sent).toHaveLength(0);

    w.clock.set('2026-11-21T02:59:00Z'); // 06:59 local: still quiet
    expect((await digestsDue(w)).due).toBe(0);
    w.clock.set('2026-11-21T03:00:00Z'); // 07:00 local
    expect(await digestsDue(w)).toEqual({ due: 1, queued: { email: 1, telegram: 0, webhook: 0 } });
    expect((await digestsDue(w)).due).toBe(0); // queued recently: not again
    await runAll(w);
    expect(w.mailer.sent).toHaveLength(1);
    expect(w.mailer.sent[0]!.subject).toContain('Held during your quiet hours: 2 alerts');
    expect(w.mailer.sent[0]!.text).toContain('First night alert');
    expect(w.mailer.sent[0]!.text).toContain('Second night alert');
    // Redelivered alert and digest messages send nothing more.
    expect(await deliverAlert(deliverDeps(w), { subscriberId: 'night', channel: 'email', articleId: a1.id, matches: [csto] })).toEqual({ kind: 'done', detail: 'already-sent' });
    expect(await deliverAlert(deliverDeps(w), { subscriberId: 'night', channel: 'email', articleId: `digest:2026-11-21T03:00:00.000Z`, matches: [], digestSlot: '2026-11-21T03:00:00.000Z' })).toEqual({ kind: 'done', detail: 'already-sent' });
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('sends at once outside quiet hours', async () => {
    const w = makeWorld([aSubscriber({ id: 'day', quietHours: { start: '22:00', end: '07:00' } })]);
    w.clock.set('2026-11-20T12:00:00Z');
    const a = await article(w, 'Noon');
    expect(await deliverAlert(deliverDeps(w), { subscriberId: 'day', channel: 'email', articleId: a.id, matches: [csto] })).toEqual({ kind: 'done', detail: 'sent' });
  });
});

describe('digest mode', () => {
  it('collects alerts into a daily digest at the local time, on Telegram split into valid messages', async () => {
    const sub = aSubscriber({ id: 'digest', telegramChatId: '555', channels: ['telegram'], mode: 'digest', digest: { frequency: 'daily', at: '08:00' }, timeZone: 'Europe/Berlin' });
    const w = makeWorld([sub]);
    w.clock.set('2026-11-20T12:00:00Z');
    for (let i = 0; i < 30; i++) {
      const a = anArticle({ title: `Digest item ${i} <b>`, summary: 'Карабах & CSTO '.repeat(40) });
      await w.articles.putIfAbsent(a);
      expect(await deliverAlert(deliverDeps(w), { subscriberId: 'digest', channel: 'telegram', articleId: a.id, matches: [csto] })).toEqual({ kind: 'done', detail: 'held: digest' });
    }
    w.clock.set('2026-11-21T06:59:00Z');
    expect((await digestsDue(w)).due).toBe(0);
    w.clock.set('2026-11-21T07:00:00Z'); // 08:00 in Berlin
    expect((await digestsDue(w)).due).toBe(1);
    await runAll(w, deliverDeps(w, { pacer: new MemorySendPacer() }));
    const parts = w.telegram.sent;
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(4096);
      expect(parseTelegramHtml(p.text).ok).toBe(true);
    }
    const all = parts.map((p) => p.text).join('\n');
    for (let i = 0; i < 30; i++) expect(all).toContain(`Digest item ${i} &lt;b&gt;`);
    expect(parts[0]!.text).toContain('Your daily digest');
    expect(w.digests.items.size).toBe(0);
  });

  it('resumes a split digest after a failure without resending the parts already sent', async () => {
    const sub = aSubscriber({ id: 'd2', telegramChatId: '556', channels: ['telegram'], mode: 'digest', digest: { frequency: 'hourly' } });
    const w = makeWorld([sub]);
    w.clock.set('2026-11-20T12:10:00Z');
    for (let i = 0; i < 20; i++) {
      const a = anArticle({ title: `Item ${i}`, summary: 'x '.repeat(500) });
      await w.articles.putIfAbsent(a);
      await deliverAlert(deliverDeps(w), { subscriberId: 'd2', channel: 'telegram', articleId: a.id, matches: [csto] });
    }
    w.clock.set('2026-11-20T13:00:00Z');
    expect((await digestsDue(w)).due).toBe(1);
    let calls = 0;
    w.telegram.fail = () => (++calls === 3 ? new Error('socket hang up') : undefined);
    await runAll(w);
    const texts = w.telegram.sent.map((m) => m.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.join('')).toContain('Item 19');
  });
});

describe('storm control', () => {
  it('turns a flooding topic’s instant alerts into a digest that says so', async () => {
    const sub = aSubscriber({ id: 'storm', email: 'storm@example.org' });
    const w = makeWorld([sub]);
    w.clock.set('2026-11-20T12:05:00Z');
    for (let i = 0; i < 6; i++) {
      const a = await article(w, `Flood ${i}`);
      await w.queues.fanOut.send([{ articleId: a.id, matches: [csto] }]);
    }
    await runAll(w);
    // threshold 3: the first three go out at once, the rest wait for the storm digest at the next hour.
    expect(w.mailer.sent.map((e) => e.subject)).toEqual(['[newshound] CSTO: Flood 0', '[newshound] CSTO: Flood 1', '[newshound] CSTO: Flood 2']);
    w.clock.set('2026-11-20T13:00:00Z');
    expect((await digestsDue(w)).due).toBe(1);
    await runAll(w);
    const digest = w.mailer.sent[3]!;
    expect(digest.subject).toBe('[newshound] Storm digest: 3 alerts — CSTO');
    expect(digest.text).toMatch(/Very busy: CSTO \(\d alerts in 60 minutes\)/);
  });

  it('sends at once when one of the matched topics is calm', async () => {
    const w = makeWorld([aSubscriber({ id: 's', topics: ['csto', 'nagorno-karabakh'] })]);
    const a = await article(w, 'Mixed');
    const outcome = await deliverAlert(deliverDeps(w), {
      subscriberId: 's',
      channel: 'email',
      articleId: a.id,
      matches: [csto, { topicId: 'nagorno-karabakh', terms: [] }],
      storm: [{ topicId: 'csto', count: 50 }],
    });
    expect(outcome).toEqual({ kind: 'done', detail: 'sent' });
  });
});
