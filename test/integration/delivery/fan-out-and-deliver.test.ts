import { describe, expect, it } from 'vitest';
import { verifyToken } from '../../../shared/domain/signed-token.js';
import { verifyWebhookSignature } from '../../../shared/domain/delivery/webhook-signature.js';
import { ChatMigratedError } from '../../../shared/ports/errors.js';
import { deliverAlert } from '../../../shared/usecases/deliver-alert.js';
import { digestContent } from '../../../shared/usecases/delivery/channel-content.js';
import { fanOut } from '../../../shared/usecases/fan-out.js';
import { anArticle, aSubscriber } from '../../support/factories.js';
import { CONFIG, deliverDeps, deliveryError, fanOutDeps, makeWorld, runAll, TOKEN_SECRET, webhookKeyOf } from './harness.js';

const csto = { topicId: 'csto', terms: [{ term: 'CSTO', field: 'title' as const, snippet: 'CSTO summit' }] };
const nk = { topicId: 'nagorno-karabakh', terms: [{ term: 'Karabakh', field: 'text' as const, snippet: 'in Karabakh' }] };

function everyone() {
  return [
    aSubscriber({ id: 'both-topics', email: 'both@example.org', telegramChatId: '1001', webhookUrl: 'https://hooks.example/x', topics: ['csto', 'nagorno-karabakh'], channels: ['email', 'telegram', 'webhook'] }),
    aSubscriber({ id: 'csto-only', email: 'csto@example.org', topics: ['csto'], channels: ['email'] }),
    aSubscriber({ id: 'nk-only', telegramChatId: '1002', topics: ['nagorno-karabakh'], channels: ['telegram'] }),
    aSubscriber({ id: 'unsubscribed', email: 'gone@example.org', topics: ['csto'], status: 'unsubscribed' }),
    aSubscriber({ id: 'pending', email: 'pending@example.org', topics: ['csto'], status: 'pending' }),
  ];
}

describe('fan-out', () => {
  it('makes one delivery per subscriber per channel, merging the topics they follow, and one publish per topic', async () => {
    const w = makeWorld(everyone());
    const article = anArticle();
    await w.articles.putIfAbsent(article);
    const outcome = await fanOut(fanOutDeps(w), { articleId: article.id, matches: [csto, nk] });
    expect(outcome.kind).toBe('done');
    const bodies = (q: typeof w.queues.email) => [...q.messages.values()].map((m) => m.body);
    expect(bodies(w.queues.email).map((d) => [d.subscriberId, d.matches.map((m) => m.topicId)])).toEqual([
      ['both-topics', ['csto', 'nagorno-karabakh']],
      ['csto-only', ['csto']],
    ]);
    expect(bodies(w.queues.telegram).map((d) => d.subscriberId).sort()).toEqual(['both-topics', 'nk-only']);
    expect(bodies(w.queues.webhook).map((d) => d.subscriberId)).toEqual(['both-topics']);
    expect([...w.queues.publish.messages.values()].map((m) => m.body.topicId)).toEqual(['csto', 'nagorno-karabakh']);
  });

  it('spreads Telegram alerts over time at the bot rate, so senders rarely meet the pacer', async () => {
    const readers = Array.from({ length: 7 }, (_, i) => aSubscriber({ id: `reader-${i}`, telegramChatId: String(2000 + i), topics: ['csto'], channels: ['telegram'] }));
    const w = makeWorld(readers);
    const article = anArticle();
    await w.articles.putIfAbsent(article);
    await fanOut({ ...fanOutDeps(w), config: { telegramPerSecond: 3 } }, { articleId: article.id, matches: [csto] });
    const start = w.clock.now().getTime();
    const visibleAfter = [...w.queues.telegram.messages.values()].map((m) => (m.visibleAt - start) / 1000);
    expect(visibleAfter).toEqual([0, 0, 0, 1, 1, 1, 2]);
    expect(await w.queues.telegram.receive(10, 30)).toHaveLength(3);
  });

  it('parks a malformed message and succeeds on an empty one', async () => {
    const w = makeWorld();
    expect((await fanOut(fanOutDeps(w), { articleId: '', matches: [] })).kind).toBe('park');
    expect(await fanOut(fanOutDeps(w), { articleId: 'a', matches: [] })).toEqual({ kind: 'done', detail: 'no topics' });
  });

  it('asks for a retry when a queue fails, and a rerun sends each alert once', async () => {
    const w = makeWorld(everyone());
    const article = anArticle();
    await w.articles.putIfAbsent(article);
    const realSend = w.queues.telegram.send.bind(w.queues.telegram);
    let failures = 1;
    w.queues.telegram.send = async (bodies, o) => {
      if (failures-- > 0) throw new Error('SQS throttled');
      return realSend(bodies, o);
    };
    await w.queues.fanOut.send([{ articleId: article.id, matches: [csto, nk] }]);
    const stats = await runAll(w);
    expect(stats.outcomes.some((o) => o.kind === 'retry' && /SQS throttled/.test(o.reason))).toBe(true);
    // The first run queued the emails before failing; the rerun queued them again: the ledger sends each once.
    expect(w.mailer.sent.map((e) => e.to).sort()).toEqual(['both@example.org', 'csto@example.org']);
    expect(w.telegram.sent.map((m) => m.chat_id).sort()).toEqual(['1001', '1002']);
    expect(w.webhooks.sent).toHaveLength(1);
  });
});

describe('deliver-alert', () => {
  async function oneDelivery(channel: 'email' | 'telegram' | 'webhook', subOverrides = {}) {
    const sub = aSubscriber({ id: 's1', email: 's1@example.org', telegramChatId: '77', webhookUrl: 'https://hooks.example/s1', channels: [channel], ...subOverrides });
    const w = makeWorld([sub]);
    const article = anArticle({ title: 'CSTO <summit> opens' });
    await w.articles.putIfAbsent(article);
    return { w, sub, article, msg: { subscriberId: sub.id, channel, articleId: article.id, matches: [csto] } };
  }

  it('sends an email with RFC 8058 headers and working signed links', async () => {
    const { w, msg } = await oneDelivery('email');
    expect(await deliverAlert(deliverDeps(w), msg)).toEqual({ kind: 'done', detail: 'sent' });
    const [email] = w.mailer.sent;
    expect(email).toMatchObject({ from: CONFIG.emailFrom, to: 's1@example.org', subject: '[newshound] CSTO: CSTO <summit> opens' });
    expect(email!.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const unsub = /^<(https:\/\/news\.example\/unsubscribe\?token=([^>]+))>$/.exec(email!.headers!['List-Unsubscribe']!);
    expect(unsub).not.toBeNull();
    const now = Math.floor(w.clock.now().getTime() / 1000);
    expect(verifyToken(TOKEN_SECRET, decodeURIComponent(unsub![2]!), 'unsubscribe', now)?.sub).toBe('s1');
    const prefs = /preferences\?token=([^"&\s]+)/.exec(email!.html)![1]!;
    expect(verifyToken(TOKEN_SECRET, decodeURIComponent(prefs), 'preferences', now)?.sub).toBe('s1');
    expect(email!.html).toContain('CSTO &lt;summit&gt; opens');
    expect(w.ledger.entries.get('s1#email#' + msg.articleId)?.state).toBe('sent');
  });

  it('sends an alert email as the configured sender name, marked automatic (RFC 3834), on its topic list (RFC 2919), in the configured language', async () => {
    const { w, msg } = await oneDelivery('email');
    await deliverAlert(deliverDeps(w), msg);
    const [email] = w.mailer.sent;
    expect(email).toMatchObject({ from: 'alerts@news.example', fromName: 'Дежурный "ОДКБ", newshound', list: { id: 'csto.test.news.example', name: 'Дежурный "ОДКБ", newshound: CSTO' } });
    expect(email!.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(email!.html).toMatch(/^<!DOCTYPE html><html lang="ru">/);
  });

  it('sends a digest email the same way, on the combined list when it spans topics', async () => {
    const sub = aSubscriber({ id: 's1', email: 's1@example.org', channels: ['email'] });
    const items = [anArticle({ title: 'One' }), anArticle({ title: 'Two' })].map((article, i) => ({ article, matches: [i ? csto : nk] }));
    const content = digestContent(CONFIG, new Date('2026-11-20T12:00:00Z'), sub, { subscriberId: 's1', channel: 'email', articleId: 'digest-1' }, items, { heading: 'Your daily digest' });
    if (content.channel !== 'email') throw new Error('expected an email');
    expect(content.email).toMatchObject({ fromName: 'Дежурный "ОДКБ", newshound', list: { id: 'all.test.news.example', name: 'Дежурный "ОДКБ", newshound: all topics' } });
    expect(content.email.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(content.email.html).toMatch(/^<!DOCTYPE html><html lang="ru">/);
  });

  it('sends nothing twice: redelivery and concurrent duplicates', async () => {
    const { w, msg } = await oneDelivery('telegram');
    const deps = deliverDeps(w);
    const [a, b] = await Promise.all([deliverAlert(deps, msg), deliverAlert(deps, msg)]);
    expect([a.kind, b.kind].sort()).toEqual(['done', 'retry']);
    expect(await deliverAlert(deps, msg)).toEqual({ kind: 'done', detail: 'already-sent' });
    expect(w.telegram.sent).toHaveLength(1);
  });

  it.each([
    ['unknown subscriber', { subscriberId: 'nobody' }, 'skipped: unknown subscriber'],
  ])('skips an %s', async (_n, override, detail) => {
    const { w, msg } = await oneDelivery('email');
    expect(await deliverAlert(deliverDeps(w), { ...msg, ...override })).toEqual({ kind: 'done', detail });
  });

  it.each([
    ['unsubscribed', { status: 'unsubscribed' }, 'skipped: unsubscribed'],
    ['unconfirmed', { status: 'pending' }, 'skipped: pending'],
    ['suppressed', { status: 'suppressed' }, 'skipped: suppressed'],
    ['channel no longer chosen', { channels: ['telegram'] }, 'skipped: channel off'],
    ['channel disabled', { disabledChannels: { email: { reason: 'x', at: '2026-01-01T00:00:00Z' } } }, 'skipped: channel off'],
  ])('sends nothing to a subscriber who is %s', async (_n, subOverrides, detail) => {
    const { w, msg } = await oneDelivery('email', subOverrides);
    expect(await deliverAlert(deliverDeps(w), msg)).toEqual({ kind: 'done', detail });
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('parks an invalid message with the reason', async () => {
    const { w, msg } = await oneDelivery('email');
    const outcome = await deliverAlert(deliverDeps(w), { ...msg, channel: 'fax' as never });
    expect(outcome).toMatchObject({ kind: 'park', reason: expect.stringContaining('channel') });
  });

  it.each([
    ['SES throttling → retry with backoff', 'email', { kind: 'retry', delaySeconds: 0 }, 3, { kind: 'retry', delaySeconds: 8 }],
    ['429 retry_after honoured exactly', 'telegram', { kind: 'retry', delaySeconds: 17 }, 1, { kind: 'retry', delaySeconds: 17 }],
    ['MessageRejected → park', 'email', { kind: 'park', reason: 'MessageRejected: bad' }, 1, { kind: 'park', reason: 'test: MessageRejected: bad' }],
    ['SendingPaused → halt', 'email', { kind: 'halt', reason: 'AccountSendingPausedException' }, 1, { kind: 'halt', reason: 'test: AccountSendingPausedException' }],
    ['retries run out → park', 'webhook', { kind: 'retry', delaySeconds: 0 }, 10, { kind: 'park', reason: expect.stringContaining('gave up after 10 attempts') }],
  ] as const)('%s', async (_n, channel, action, attempt, expected) => {
    const { w, msg } = await oneDelivery(channel);
    const err = deliveryError(action as never);
    w.mailer.fail = () => err;
    w.telegram.fail = () => err;
    w.webhooks.fail = () => err;
    expect(await deliverAlert(deliverDeps(w), msg, { attempt })).toMatchObject(expected);
    // Nothing was sent, so the claim is released for the retry.
    expect(w.ledger.entries.size).toBe(0);
  });

  it('disables Telegram on 403 and sends nothing more there', async () => {
    const { w, msg } = await oneDelivery('telegram');
    w.telegram.fail = () => deliveryError({ kind: 'disable-channel', reason: 'Forbidden: bot was blocked by the user' });
    expect(await deliverAlert(deliverDeps(w), msg)).toEqual({ kind: 'done', detail: 'channel-disabled' });
    expect((await w.subscribers.get('s1'))?.disabledChannels?.telegram?.reason).toBe('Forbidden: bot was blocked by the user');
    w.telegram.fail = undefined;
    expect(await deliverAlert(deliverDeps(w), { ...msg, articleId: 'another' })).toEqual({ kind: 'done', detail: 'skipped: channel off' });
    expect(w.telegram.sent).toHaveLength(0);
  });

  it('follows migrate_to_chat_id once and remembers the new chat', async () => {
    const { w, msg } = await oneDelivery('telegram');
    w.telegram.fail = (m) => (m.chat_id === '77' ? new ChatMigratedError('Bad Request: group chat was upgraded to a supergroup chat', '-100777') : undefined);
    expect(await deliverAlert(deliverDeps(w), msg)).toEqual({ kind: 'done', detail: 'sent' });
    expect(w.telegram.sent.map((m) => m.chat_id)).toEqual(['-100777']);
    expect((await w.subscribers.get('s1'))?.telegramChatId).toBe('-100777');
  });

  it('parks when the new chat migrated again (followed once only)', async () => {
    const { w, msg } = await oneDelivery('telegram');
    w.telegram.fail = (m) => new ChatMigratedError('Bad Request: group chat was upgraded to a supergroup chat', `${m.chat_id}9`);
    expect(await deliverAlert(deliverDeps(w), msg)).toMatchObject({ kind: 'park' });
  });

  it('signs webhooks over timestamp and body with the receiver\'s own key', async () => {
    const { w, msg, article } = await oneDelivery('webhook');
    expect(await deliverAlert(deliverDeps(w), msg)).toEqual({ kind: 'done', detail: 'sent' });
    const [req] = w.webhooks.sent;
    expect(req!.url).toBe('https://hooks.example/s1');
    expect(verifyWebhookSignature(webhookKeyOf('s1'), req!.headers['X-Newshound-Signature'], req!.body, w.clock.now().getTime() / 1000)).toBe(true);
    expect(verifyWebhookSignature(webhookKeyOf('s1'), req!.headers['X-Newshound-Signature'], `${req!.body} `, w.clock.now().getTime() / 1000)).toBe(false);
    expect(JSON.parse(req!.body)).toMatchObject({ type: 'newshound.alert', article: { id: article.id }, topics: [{ id: 'csto', name: 'CSTO' }] });
  });

  it('retries a webhook whose receiver has no key yet, naming the fix, sends nothing unsigned, and parks in the end', async () => {
    const { w, msg } = await oneDelivery('webhook', { id: 'keyless' });
    const reason = 'no key for webhook receiver "keyless" in the WebhookKeys secret (npx newshound webhook-key keyless)';
    expect(await deliverAlert(deliverDeps(w), msg)).toMatchObject({ kind: 'retry', reason: expect.stringContaining(reason) });
    expect(await deliverAlert(deliverDeps(w), msg, { attempt: 10 })).toMatchObject({ kind: 'park', reason: expect.stringContaining(reason) });
    expect(w.webhooks.sent).toHaveLength(0);
  });

  it('retries while the article is not readable yet, then parks', async () => {
    const { w, msg } = await oneDelivery('email');
    expect(await deliverAlert(deliverDeps(w), { ...msg, articleId: 'missing' })).toMatchObject({ kind: 'retry' });
    expect(await deliverAlert(deliverDeps(w), { ...msg, articleId: 'missing' }, { attempt: 10 })).toMatchObject({ kind: 'park' });
  });

  it('asks for a retry when the ledger is throttled, without sending', async () => {
    const { w, msg } = await oneDelivery('email');
    w.ledger.claim = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    expect(await deliverAlert(deliverDeps(w), msg)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('ProvisionedThroughput') });
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('finishes (does not resend) when the provider accepted but the ledger write keeps failing', async () => {
    const { w, msg } = await oneDelivery('email');
    w.ledger.complete = async () => {
      throw new Error('throttled');
    };
    expect(await deliverAlert(deliverDeps(w), msg)).toEqual({ kind: 'done', detail: 'sent' });
    expect(w.mailer.sent).toHaveLength(1);
  });
});

describe('deliverAlertConfig', () => {
  it('takes delivery settings from the app config and secrets from the caller', async () => {
    const { parseAppConfig } = await import('../../../shared/runtime/app-config.js');
    const { deliverAlertConfig } = await import('../../../shared/usecases/deliver-alert.js');
    const app = parseAppConfig({ stage: 'test', publicBaseUrl: 'https://news.example', email: { from: 'a@news.example', fromName: 'News desk', language: 'hy' }, feeds: [], topics: [{ id: 'csto', name: 'CSTO', query: 'CSTO' }], delivery: { telegram: { perBotPerSecond: 20 } } });
    expect(deliverAlertConfig(app, { tokenSecret: 's'.repeat(32) })).toMatchObject({
      publicBaseUrl: 'https://news.example',
      emailFrom: 'a@news.example',
      fromName: 'News desk',
      language: 'hy',
      stage: 'test',
      tokenSecret: 's'.repeat(32),
      telegram: { perChatPerSecond: 1, perBotPerSecond: 20 },
      storm: { threshold: 20, windowMinutes: 60 },
      maxAttempts: 10,
      leaseSeconds: 60,
    });
  });

  it('names the offending key of bad delivery config', async () => {
    const { parseAppConfig } = await import('../../../shared/runtime/app-config.js');
    expect(() => parseAppConfig({ stage: 'test', publicBaseUrl: 'https://n.example', email: { from: 'a@n.example' }, feeds: [], topics: [], subscribers: [], delivery: { telegram: { perBotPerSecond: -1 } } })).toThrow(/delivery\.telegram\.perBotPerSecond/);
    expect(() =>
      parseAppConfig({ stage: 'test', publicBaseUrl: 'https://n.example', email: { from: 'a@n.example' }, feeds: [], topics: [{ id: 'csto', name: 'C', query: 'C' }], subscribers: [{ id: 'x', email: 'x@n.example', topics: ['csto'], channels: ['email'], quietHours: { start: '25:00', end: '07:00' } }] }),
    ).toThrow(/subscribers\[0\]\.quietHours\.start/);
  });
});
