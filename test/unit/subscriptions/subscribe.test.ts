import { describe, expect, it } from 'vitest';
import { legacyWebSubscriberId } from '../../../shared/domain/subscription/subscriber-ids.js';
import type { Mailer } from '../../../shared/ports/senders.js';
import { confirmSubscription, viewConfirmation } from '../../../shared/usecases/subscriptions/confirm.js';
import type { SubscriptionDeps } from '../../../shared/usecases/subscriptions/deps.js';
import { RecipientNotVerifiedError } from '../../../shared/ports/errors.js';
import { subscribe } from '../../../shared/usecases/subscriptions/subscribe.js';
import { aSubscriber } from '../../support/factories.js';
import type { ManualClock } from '../../support/manual-clock.js';
import { harness, recordOf, tokenIn } from './fixtures.js';

const request = (email: string, topics = ['csto']) => ({ email, topics, mode: 'instant' as const, timeZone: 'Europe/Berlin' });
const ip = '203.0.113.9';

describe('subscribe', () => {
  it('stores a new address as pending, its choices waiting for confirmation, and mails it one double opt-in link, valid 24 hours', async () => {
    const h = harness();
    expect(await subscribe(h.web, { request: request('reader@example.org'), clientIp: ip })).toEqual({ kind: 'accepted', detail: 'confirmation-sent' });
    const sub = await recordOf(h.subscribers, 'reader@example.org');
    expect(sub).toMatchObject({ email: 'reader@example.org', status: 'pending', topics: [], channels: ['email'], pendingChange: { preferences: { topics: ['csto'], timeZone: 'Europe/Berlin' } } });
    expect(h.mailer.sent).toHaveLength(1);
    const mail = h.mailer.sent[0]!;
    expect(mail).toMatchObject({ to: 'reader@example.org', from: 'alerts@news.example.org', subject: 'Confirm your newshound alerts' });
    expect(mail.text).toContain('within 24 hours');
    expect(mail.text).toContain('Topics: CSTO');
    expect(tokenIn(mail.text, 'confirm')).toBe(tokenIn(mail.html, 'confirm'));
    expect(mail.headers?.['List-Unsubscribe']).toBeUndefined();
  });

  it('gives a new subscriber a random id: neither the id nor its links can be traced to the address', async () => {
    const h = harness();
    await subscribe(h.web, { request: request('reader@example.org'), clientIp: ip });
    const sub = (await recordOf(h.subscribers, 'reader@example.org'))!;
    expect(sub.id).not.toBe(legacyWebSubscriberId('reader@example.org'));
    expect(sub.id).toMatch(/^web-[0-9a-f]{32}$/);
    const token = Buffer.from(tokenIn(h.mailer.sent[0]!.text, 'confirm').split('.')[0]!, 'base64url');
    for (const trace of [sub.id, legacyWebSubscriberId('reader@example.org'), 'reader@example.org']) expect(token.includes(Buffer.from(trace))).toBe(false);
  });

  it("changes nothing of an unsubscribed person's record on a stranger's request: only the confirm link applies it", async () => {
    const consent = { via: 'web' as const, requestedAt: '2026-01-01T00:00:00.000Z', confirmedAt: '2026-01-01T00:05:00.000Z' };
    const before = aSubscriber({ id: 'web-old', email: 'leaver@example.org', status: 'unsubscribed', topics: ['nagorno-karabakh'], timeZone: 'Asia/Yerevan', consent });
    const h = harness([before]);
    const requestedAt = h.clock.now().toISOString();
    await subscribe(h.web, { request: request('leaver@example.org', ['csto']), clientIp: ip });
    const { pendingChange, ...stored } = (await h.subscribers.get('web-old'))!;
    expect(stored).toEqual(before);
    expect(pendingChange?.preferences.topics).toEqual(['csto']);

    const token = tokenIn(h.mailer.to('leaver@example.org')[0]!.text, 'confirm');
    expect(await confirmSubscription(h.web, token)).toMatchObject({ kind: 'confirmed' });
    expect(await h.subscribers.get('web-old')).toMatchObject({ status: 'active', topics: ['csto'], timeZone: 'Europe/Berlin', consent: { requestedAt, confirmedAt: h.clock.now().toISOString() } });
  });

  it('keeps one record for an address however many requests race for it; only the latest link confirms', async () => {
    const h = harness();
    await Promise.all([subscribe(h.web, { request: request('race@example.org', ['csto']), clientIp: ip }), subscribe(h.web, { request: request('race@example.org', ['nagorno-karabakh']), clientIp: ip })]);
    expect(await h.subscribers.findByEmail('race@example.org')).toHaveLength(1);
    const [first, second] = h.mailer.to('race@example.org').map((m) => tokenIn(m.text, 'confirm'));
    const outcomes = [await viewConfirmation(h.web, first), await viewConfirmation(h.web, second)].map((v) => v.kind).sort();
    expect(outcomes).toEqual(['gone', 'pending']);
  });

  it('acts on a record from before random ids, by its address', async () => {
    const legacy = aSubscriber({ id: legacyWebSubscriberId('old@example.org'), email: 'old@example.org', status: 'unsubscribed' });
    const h = harness([legacy]);
    await subscribe(h.web, { request: request('old@example.org'), clientIp: ip });
    expect(await h.subscribers.findByEmail('old@example.org')).toHaveLength(1);
    expect(await confirmSubscription(h.web, tokenIn(h.mailer.sent[0]!.text, 'confirm'))).toMatchObject({ kind: 'confirmed', subscriber: { id: legacy.id, status: 'active' } });
  });

  it('answers the same whatever state the address is in, and never changes a confirmed subscriber', async () => {
    const active = aSubscriber({ id: 'analyst', email: 'active@example.org', topics: ['nagorno-karabakh'] });
    const h = harness([active, aSubscriber({ email: 'pending@example.org', status: 'pending' })]);
    await h.suppressions.suppress({ email: 'bounced@example.org', reason: 'bounce', at: 'x' });
    const outcomes = [];
    for (const email of ['new@example.org', 'pending@example.org', 'active@example.org', 'bounced@example.org']) {
      outcomes.push((await subscribe(h.web, { request: request(email), clientIp: ip })).kind);
    }
    expect(outcomes).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(await h.subscribers.get('analyst')).toEqual(active);
    expect(h.mailer.to('bounced@example.org')).toEqual([]);
  });

  it('mails an active subscriber a preferences link (with one-click unsubscribe), not a confirmation', async () => {
    const h = harness([aSubscriber({ id: 'analyst', email: 'Active@Example.org' })]);
    expect(await subscribe(h.web, { request: request('active@example.org'), clientIp: ip })).toEqual({ kind: 'accepted', detail: 'manage-link-sent' });
    const [mail] = h.mailer.sent;
    expect(mail!.subject).toBe('Your newshound alerts');
    expect(mail!.text).toContain('This address already gets alerts, so nothing changed');
    expect(tokenIn(mail!.text, 'preferences')).toBeTruthy();
    expect(mail!.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(mail!.headers!['List-Unsubscribe']).toMatch(/^<https:\/\/news\.example\.org\/unsubscribe\?token=.+>$/);
  });

  it('mails nothing to a suppressed subscriber, even after it unsubscribed', async () => {
    const h = harness([aSubscriber({ email: 'gone@example.org', status: 'suppressed', suppression: { reason: 'bounce', at: 'x' } })]);
    expect(await subscribe(h.web, { request: request('gone@example.org'), clientIp: ip })).toEqual({ kind: 'accepted', detail: 'suppressed' });
    expect(h.mailer.sent).toEqual([]);
  });

  it('limits requests per address silently, and per network with a retry time', async () => {
    const h = harness([], { rateLimits: { perIp: { limit: 5, windowMinutes: 60 }, perAddress: { limit: 2, windowMinutes: 60 } }, answerMs: 0 });
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push(await subscribe(h.web, { request: request('target@example.org'), clientIp: ip }));
    expect(kinds.map((k) => (k.kind === 'accepted' ? k.detail : k.kind))).toEqual(['confirmation-sent', 'confirmation-sent', 'address-limited']);
    expect(h.mailer.to('target@example.org')).toHaveLength(2);
    await subscribe(h.web, { request: request('x1@example.org'), clientIp: ip });
    await subscribe(h.web, { request: request('x2@example.org'), clientIp: ip });
    expect(await subscribe(h.web, { request: request('x3@example.org'), clientIp: ip })).toEqual({ kind: 'rate-limited', retryAfterSeconds: 3600 });
    expect(await subscribe(h.web, { request: request('x3@example.org'), clientIp: '198.51.100.1' })).toMatchObject({ kind: 'accepted' });
  });

  it('lets a failing mailer fail the request (the caller answers 503) and keeps the record pending', async () => {
    const h = harness();
    h.mailer.failWith = new Error('SES throttled');
    await expect(subscribe(h.web, { request: request('reader@example.org'), clientIp: ip })).rejects.toThrow('SES throttled');
    expect((await recordOf(h.subscribers, 'reader@example.org'))?.status).toBe('pending');
  });

  it('answers an address the SES sandbox refuses like any other, and keeps its request', async () => {
    const h = harness();
    h.mailer.failWith = new RecipientNotVerifiedError('MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: reader@example.org', 'ses');
    expect(await subscribe(h.web, { request: request('reader@example.org'), clientIp: ip })).toEqual({ kind: 'accepted', detail: 'recipient-unverified' });
    expect((await recordOf(h.subscribers, 'reader@example.org'))?.status).toBe('pending');
  });

  it('escapes what the person typed and what admins configured in the email', async () => {
    const h = harness([], { topics: [{ id: 'csto', name: '<script>alert(1)</script> & CSTO' }] });
    await subscribe(h.web, { request: { ...request("o'brien+news@example.org"), timeZone: 'UTC' }, clientIp: ip });
    const html = h.mailer.sent[0]!.html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; CSTO');
    expect(html).toContain('o&#39;brien+news@example.org');
  });
});

/** Every call on `target` takes `ms` of the manual clock's time, and is noted by name in `calls`. */
function slowed<T extends object>(target: T, clock: ManualClock, ms: number, calls: string[], name: string): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return async (...args: unknown[]) => {
        calls.push(`${name}.${key}`);
        clock.advance(ms);
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}

describe('subscribe timing', () => {
  const STORE_MS = 8;
  const SES_MS = 150;

  async function timed(state: 'new' | 'pending' | 'unsubscribed' | 'active' | 'suppressed' | 'address-limited') {
    const email = `${state}@example.org`;
    const h = harness([
      aSubscriber({ email: 'pending@example.org', status: 'pending' }),
      aSubscriber({ email: 'unsubscribed@example.org', status: 'unsubscribed' }),
      aSubscriber({ email: 'active@example.org', status: 'active' }),
    ]);
    await h.suppressions.suppress({ email: 'suppressed@example.org', reason: 'complaint', at: 'x' });
    const calls: string[] = [];
    const deps: SubscriptionDeps = {
      ...h.web,
      subscribers: slowed(h.subscribers, h.clock, STORE_MS, calls, 'subscribers'),
      suppressions: slowed(h.suppressions, h.clock, STORE_MS, calls, 'suppressions'),
      rateLimiter: slowed(h.rateLimiter, h.clock, STORE_MS, calls, 'rateLimiter'),
      mailer: slowed<Mailer>(h.mailer, h.clock, SES_MS, calls, 'mailer'),
    };
    if (state === 'address-limited') for (let i = 0; i < 3; i++) await subscribe({ ...h.web, config: { ...h.web.config, answerMs: 0 } }, { request: request(email), clientIp: `192.0.2.${i}` });
    const started = h.clock.now().getTime();
    const outcome = await subscribe(deps, { request: request(email), clientIp: ip });
    return { outcome, ms: h.clock.now().getTime() - started, calls };
  }

  it('answers every state of the address after the same time, the work (an SES call or none) inside it', async () => {
    const states = ['new', 'pending', 'unsubscribed', 'active', 'suppressed', 'address-limited'] as const;
    const results = await Promise.all(states.map(async (state) => ({ state, ...(await timed(state)) })));
    expect(results.map((r) => (r.outcome.kind === 'accepted' ? r.outcome.detail : r.outcome.kind))).toEqual([
      'confirmation-sent',
      'confirmation-sent',
      'confirmation-sent',
      'manage-link-sent',
      'suppressed',
      'address-limited',
    ]);
    // The network's limit is checked before the budget starts (its answer says nothing about the address).
    expect(new Set(results.map((r) => r.ms))).toEqual(new Set([STORE_MS + 1000]));
  });

  it('holds a failure to the same time (a failing SES call is no faster an answer)', async () => {
    const h = harness();
    h.mailer.failWith = new Error('SES throttled');
    const started = h.clock.now().getTime();
    await expect(subscribe(h.web, { request: request('reader@example.org'), clientIp: ip })).rejects.toThrow('SES throttled');
    expect(h.clock.now().getTime() - started).toBe(1000);
  });

  it('reads the same things whatever state the address is in', async () => {
    const reads = async (state: 'new' | 'pending' | 'unsubscribed' | 'active' | 'suppressed') => (await timed(state)).calls.filter((c) => c !== 'subscribers.put' && c !== 'mailer.send');
    const expected = await reads('new');
    expect(expected).toEqual(['rateLimiter.hit', 'rateLimiter.hit', 'subscribers.findByEmail', 'suppressions.get', 'subscribers.claimWebId']);
    for (const state of ['pending', 'unsubscribed', 'active', 'suppressed'] as const) expect(await reads(state)).toEqual(expected);
  });
});
