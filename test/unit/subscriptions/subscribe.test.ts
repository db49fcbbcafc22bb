import { describe, expect, it } from 'vitest';
import { webSubscriberId } from '../../../shared/domain/subscription/subscriber-ids.js';
import { RecipientNotVerifiedError } from '../../../shared/ports/errors.js';
import { subscribe } from '../../../shared/usecases/subscriptions/subscribe.js';
import { aSubscriber } from '../../support/factories.js';
import { harness, tokenIn } from './fixtures.js';

const request = (email: string) => ({ email, topics: ['csto'], mode: 'instant' as const, timeZone: 'Europe/Berlin' });
const ip = '203.0.113.9';

describe('subscribe', () => {
  it('stores a new address as pending and mails it one double opt-in link, valid 24 hours', async () => {
    const h = harness();
    expect(await subscribe(h.web, { request: request('reader@example.org'), clientIp: ip })).toEqual({ kind: 'accepted', detail: 'confirmation-sent' });
    const sub = await h.subscribers.get(webSubscriberId('reader@example.org'));
    expect(sub).toMatchObject({ email: 'reader@example.org', status: 'pending', topics: ['csto'], channels: ['email'], timeZone: 'Europe/Berlin' });
    expect(h.mailer.sent).toHaveLength(1);
    const mail = h.mailer.sent[0]!;
    expect(mail).toMatchObject({ to: 'reader@example.org', from: 'alerts@news.example.org', subject: 'Confirm your newshound alerts' });
    expect(mail.text).toContain('within 24 hours');
    expect(mail.text).toContain('Topics: CSTO');
    expect(tokenIn(mail.text, 'confirm')).toBe(tokenIn(mail.html, 'confirm'));
    expect(mail.headers?.['List-Unsubscribe']).toBeUndefined();
  });

  it('answers the same whatever state the address is in, and never changes a confirmed subscriber', async () => {
    const active = aSubscriber({ id: 'analyst', email: 'active@example.org', topics: ['nagorno-karabakh'] });
    const h = harness([active, aSubscriber({ id: webSubscriberId('pending@example.org'), email: 'pending@example.org', status: 'pending' })]);
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
    const h = harness([], { rateLimits: { perIp: { limit: 5, windowMinutes: 60 }, perAddress: { limit: 2, windowMinutes: 60 } } });
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
    expect((await h.subscribers.get(webSubscriberId('reader@example.org')))?.status).toBe('pending');
  });

  it('answers an address the SES sandbox refuses like any other, and keeps its request', async () => {
    const h = harness();
    h.mailer.failWith = new RecipientNotVerifiedError('MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: reader@example.org', 'ses');
    expect(await subscribe(h.web, { request: request('reader@example.org'), clientIp: ip })).toEqual({ kind: 'accepted', detail: 'recipient-unverified' });
    expect((await h.subscribers.get(webSubscriberId('reader@example.org')))?.status).toBe('pending');
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
