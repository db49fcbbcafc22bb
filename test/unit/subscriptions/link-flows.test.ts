import { describe, expect, it } from 'vitest';
import { linkToken } from '../../../shared/domain/subscription/links.js';
import { webSubscriberId } from '../../../shared/domain/subscription/subscriber-ids.js';
import { confirmSubscription, viewConfirmation } from '../../../shared/usecases/subscriptions/confirm.js';
import { savePreferences, viewPreferences } from '../../../shared/usecases/subscriptions/preferences.js';
import { subscribe } from '../../../shared/usecases/subscriptions/subscribe.js';
import { unsubscribe, viewUnsubscribe } from '../../../shared/usecases/subscriptions/unsubscribe.js';
import { aSubscriber } from '../../support/factories.js';
import { harness, tokenIn } from './fixtures.js';

async function pendingReader() {
  const h = harness();
  await subscribe(h.web, { request: { email: 'reader@example.org', topics: ['csto'], mode: 'instant', timeZone: 'UTC' }, clientIp: '203.0.113.1' });
  return { h, id: webSubscriberId('reader@example.org'), token: tokenIn(h.mailer.sent[0]!.text, 'confirm') };
}

describe('confirm', () => {
  it('shows what is being confirmed without confirming; the POST confirms once', async () => {
    const { h, id, token } = await pendingReader();
    expect(await viewConfirmation(h.web, token)).toMatchObject({ kind: 'pending' });
    expect((await h.subscribers.get(id))?.status).toBe('pending');
    expect(await confirmSubscription(h.web, token)).toMatchObject({ kind: 'confirmed', subscriber: { status: 'active', consent: { confirmedAt: h.clock.now().toISOString() } } });
    const writes = h.subscribers.writes.length;
    expect(await confirmSubscription(h.web, token)).toMatchObject({ kind: 'already' });
    expect(h.subscribers.writes.length).toBe(writes);
  });

  it('refuses an expired link, a forged one and one for another purpose', async () => {
    const { h, id, token } = await pendingReader();
    expect(await confirmSubscription(h.web, linkToken({ ...h.config, tokenSecret: 'forger' }, 'confirm', id, h.clock.now()))).toEqual({ kind: 'invalid' });
    expect(await confirmSubscription(h.web, linkToken(h.config, 'preferences', id, h.clock.now()))).toEqual({ kind: 'invalid' });
    h.clock.advance({ hours: 24 });
    expect(await confirmSubscription(h.web, token)).toEqual({ kind: 'expired' });
    expect((await h.subscribers.get(id))?.status).toBe('pending');
  });

  it('does not bring back an address that unsubscribed or bounced meanwhile', async () => {
    const { h, id, token } = await pendingReader();
    await h.suppressions.suppress({ email: 'reader@example.org', reason: 'bounce', at: '2026-11-20T10:30:00.000Z' });
    expect(await confirmSubscription(h.web, token)).toEqual({ kind: 'gone' });
    expect(await h.subscribers.get(id)).toMatchObject({ status: 'suppressed', suppression: { reason: 'bounce' } });
  });
});

describe('preferences', () => {
  it('saves choices, pauses and resumes', async () => {
    const sub = aSubscriber({ id: 'p1', email: 'p@example.org', telegramChatId: '55', channels: ['email', 'telegram'] });
    const h = harness([sub]);
    const token = linkToken(h.config, 'preferences', 'p1', h.clock.now());
    expect(await viewPreferences(h.web, token)).toMatchObject({ kind: 'ok', availableChannels: ['email', 'telegram'] });
    const saved = await savePreferences(h.web, token, {
      action: 'save',
      fields: { topics: ['csto', 'nagorno-karabakh'], delivery: 'daily', digestAt: '06:45', timeZone: 'Asia/Yerevan', quietStart: '23:00', quietEnd: '06:00', channels: ['telegram'], paused: 'yes' },
    });
    expect(saved).toMatchObject({ kind: 'saved', subscriber: { status: 'paused', topics: ['csto', 'nagorno-karabakh'], mode: 'digest', digest: { frequency: 'daily', at: '06:45' }, channels: ['telegram'], quietHours: { start: '23:00', end: '06:00' } } });
    const resumed = await savePreferences(h.web, token, { action: 'save', fields: { topics: ['csto'], delivery: 'instant', timeZone: 'UTC', channels: ['email'] } });
    expect(resumed).toMatchObject({ kind: 'saved', subscriber: { status: 'active', mode: 'instant', channels: ['email'] } });
    expect((await h.subscribers.get('p1'))?.quietHours).toBeUndefined();
  });

  it('rejects invalid choices with messages and changes nothing', async () => {
    const h = harness([aSubscriber({ id: 'p1' })]);
    const token = linkToken(h.config, 'preferences', 'p1', h.clock.now());
    expect(await savePreferences(h.web, token, { action: 'save', fields: { topics: [], timeZone: 'Nowhere/Land' } })).toMatchObject({
      kind: 'rejected',
      errors: { topics: 'Choose at least one topic.', timeZone: expect.any(String) },
    });
    expect(h.subscribers.writes).toEqual([]);
  });

  it('resumes an unsubscribed subscriber from the link in an old alert; a suppressed one has nothing to set', async () => {
    const h = harness([aSubscriber({ id: 'u1', status: 'unsubscribed' }), aSubscriber({ id: 's1', status: 'suppressed' })]);
    expect(await savePreferences(h.web, linkToken(h.config, 'preferences', 'u1', h.clock.now()), { action: 'resume', fields: {} })).toMatchObject({ kind: 'saved', subscriber: { status: 'active' } });
    expect(await viewPreferences(h.web, linkToken(h.config, 'preferences', 's1', h.clock.now()))).toEqual({ kind: 'suppressed' });
    expect(await viewPreferences(h.web, linkToken(h.config, 'preferences', 'nobody', h.clock.now()))).toEqual({ kind: 'gone' });
  });
});

describe('unsubscribe', () => {
  it('GET changes nothing; POST unsubscribes; repeats are harmless', async () => {
    const h = harness([aSubscriber({ id: 'a1' })]);
    const token = linkToken(h.config, 'unsubscribe', 'a1', h.clock.now());
    expect(await viewUnsubscribe(h.web, token)).toMatchObject({ kind: 'ok', subscriber: { status: 'active' } });
    expect((await h.subscribers.get('a1'))?.status).toBe('active');
    expect(await unsubscribe(h.web, token)).toEqual({ kind: 'unsubscribed', changed: true });
    expect(await unsubscribe(h.web, token)).toEqual({ kind: 'unsubscribed', changed: false });
    expect((await h.subscribers.get('a1'))?.status).toBe('unsubscribed');
    expect(h.subscribers.writes).toHaveLength(1);
  });

  it('forged and expired tokens change nothing; a deleted subscriber is simply done', async () => {
    const h = harness([aSubscriber({ id: 'a1' })]);
    expect(await unsubscribe(h.web, linkToken({ ...h.config, tokenSecret: 'forger' }, 'unsubscribe', 'a1', h.clock.now()))).toEqual({ kind: 'invalid' });
    const old = linkToken(h.config, 'unsubscribe', 'a1', h.clock.now());
    h.clock.advance({ days: 181 });
    expect(await unsubscribe(h.web, old)).toEqual({ kind: 'expired' });
    expect((await h.subscribers.get('a1'))?.status).toBe('active');
    expect(await unsubscribe(h.web, linkToken(h.config, 'unsubscribe', 'deleted', h.clock.now()))).toEqual({ kind: 'unsubscribed', changed: false });
  });
});
