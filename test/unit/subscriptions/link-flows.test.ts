import { describe, expect, it } from 'vitest';
import { checkLinkToken, linkToken } from '../../../shared/domain/subscription/links.js';
import { legacyWebSubscriberId } from '../../../shared/domain/subscription/subscriber-ids.js';
import { confirmSubscription, viewConfirmation } from '../../../shared/usecases/subscriptions/confirm.js';
import { savePreferences, viewPreferences } from '../../../shared/usecases/subscriptions/preferences.js';
import { subscribe } from '../../../shared/usecases/subscriptions/subscribe.js';
import { unsubscribe, viewUnsubscribe } from '../../../shared/usecases/subscriptions/unsubscribe.js';
import { aSubscriber } from '../../support/factories.js';
import { legacyToken } from '../../support/legacy-token.js';
import { harness, recordOf, tokenIn } from './fixtures.js';

const ip = '203.0.113.1';

async function pendingReader() {
  const h = harness();
  await subscribe(h.web, { request: { email: 'reader@example.org', topics: ['csto'], mode: 'instant', timeZone: 'UTC' }, clientIp: ip });
  return { h, id: (await recordOf(h.subscribers, 'reader@example.org'))!.id, token: tokenIn(h.mailer.sent[0]!.text, 'confirm') };
}

/** The token of the link at `url`. */
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

describe('confirm', () => {
  it('shows what is being confirmed without confirming; the POST confirms once', async () => {
    const { h, id, token } = await pendingReader();
    expect(await viewConfirmation(h.web, token)).toMatchObject({ kind: 'pending', subscriber: { topics: ['csto'] } });
    expect(await h.subscribers.get(id)).toMatchObject({ status: 'pending', topics: [] });
    expect(await confirmSubscription(h.web, token)).toMatchObject({ kind: 'confirmed', subscriber: { status: 'active', topics: ['csto'], consent: { confirmedAt: h.clock.now().toISOString() } } });
    expect((await h.subscribers.get(id))?.pendingChange).toBeUndefined();
    const writes = h.subscribers.writes.length;
    expect(await confirmSubscription(h.web, token)).toMatchObject({ kind: 'already' });
    expect(h.subscribers.writes.length).toBe(writes);
  });

  it('refuses an expired link, a forged one, one for another purpose and one without its change', async () => {
    const { h, id, token } = await pendingReader();
    expect(await confirmSubscription(h.web, linkToken({ ...h.config, tokenSecret: 'forger' }, 'confirm', id, h.clock.now()))).toEqual({ kind: 'invalid' });
    expect(await confirmSubscription(h.web, linkToken(h.config, 'preferences', id, h.clock.now()))).toEqual({ kind: 'invalid' });
    expect(await confirmSubscription(h.web, linkToken(h.config, 'confirm', id, h.clock.now()))).toEqual({ kind: 'gone' });
    expect(await confirmSubscription(h.web, legacyToken(h.config.tokenSecret, { sub: id, purpose: 'confirm', exp: 4e9 }))).toEqual({ kind: 'expired' });
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

  it('gives a preferences link that lasts no longer than the confirm link', async () => {
    const { h, token } = await pendingReader();
    const confirmed = await confirmSubscription(h.web, token);
    const prefs = tokenOf(confirmed.kind === 'confirmed' ? confirmed.preferencesUrl : '');
    h.clock.advance({ hours: 24 });
    expect(checkLinkToken(h.config.tokenSecret, prefs, 'preferences', h.clock.now())).toEqual({ kind: 'expired' });
  });
});

describe('preferences', () => {
  it('saves choices, pauses and unpauses', async () => {
    const sub = aSubscriber({ id: 'p1', email: 'p@example.org', telegramChatId: '55', channels: ['email', 'telegram'] });
    const h = harness([sub]);
    const token = linkToken(h.config, 'preferences', 'p1', h.clock.now());
    expect(await viewPreferences(h.web, token)).toMatchObject({ kind: 'ok', availableChannels: ['email', 'telegram'] });
    const saved = await savePreferences(h.web, token, {
      action: 'save',
      fields: { topics: ['csto', 'nagorno-karabakh'], delivery: 'daily', digestAt: '06:45', timeZone: 'Asia/Yerevan', quietStart: '23:00', quietEnd: '06:00', channels: ['telegram'], paused: 'yes' },
      clientIp: ip,
    });
    expect(saved).toMatchObject({ kind: 'saved', subscriber: { status: 'paused', topics: ['csto', 'nagorno-karabakh'], mode: 'digest', digest: { frequency: 'daily', at: '06:45' }, channels: ['telegram'], quietHours: { start: '23:00', end: '06:00' } } });
    const resumed = await savePreferences(h.web, token, { action: 'save', fields: { topics: ['csto'], delivery: 'instant', timeZone: 'UTC', channels: ['email'] }, clientIp: ip });
    expect(resumed).toMatchObject({ kind: 'saved', subscriber: { status: 'active', mode: 'instant', channels: ['email'] } });
    expect((await h.subscribers.get('p1'))?.quietHours).toBeUndefined();
    await savePreferences(h.web, token, { action: 'save', fields: { topics: ['csto'], timeZone: 'UTC', channels: ['email'], paused: 'yes' }, clientIp: ip });
    expect(await savePreferences(h.web, token, { action: 'resume', fields: {}, clientIp: ip })).toMatchObject({ kind: 'saved', subscriber: { status: 'active' } });
    expect(h.mailer.sent).toEqual([]);
  });

  it('rejects invalid choices with messages and changes nothing', async () => {
    const h = harness([aSubscriber({ id: 'p1' })]);
    const token = linkToken(h.config, 'preferences', 'p1', h.clock.now());
    expect(await savePreferences(h.web, token, { action: 'save', fields: { topics: [], timeZone: 'Nowhere/Land' }, clientIp: ip })).toMatchObject({
      kind: 'rejected',
      errors: { topics: 'Choose at least one topic.', timeZone: expect.any(String) },
    });
    expect(h.subscribers.writes).toEqual([]);
  });

  it('resumes an unsubscribed subscriber from the link in an old alert only once the mailbox confirms', async () => {
    const h = harness([aSubscriber({ id: 'u1', email: 'u1@example.org', status: 'unsubscribed', topics: ['nagorno-karabakh'] })]);
    const result = await savePreferences(h.web, linkToken(h.config, 'preferences', 'u1', h.clock.now()), { action: 'resume', fields: {}, clientIp: ip });
    expect(result).toEqual({ kind: 'confirmation-sent', email: 'u1@example.org' });
    expect(await h.subscribers.get('u1')).toMatchObject({ status: 'unsubscribed' });
    const [mail] = h.mailer.to('u1@example.org');
    expect(mail!.subject).toBe('Confirm your newshound alerts');
    expect(mail!.text).toContain('Topics: Nagorno-Karabakh');
    expect(await confirmSubscription(h.web, tokenIn(mail!.text, 'confirm'))).toMatchObject({ kind: 'confirmed', subscriber: { id: 'u1', status: 'active', topics: ['nagorno-karabakh'] } });
  });

  it('resumes nothing for a suppressed address, or a chat that left (it comes back with /start)', async () => {
    const h = harness([aSubscriber({ id: 's1', status: 'suppressed' }), aSubscriber({ id: 't1', email: undefined, telegramChatId: '9', channels: ['telegram'], status: 'unsubscribed' })]);
    expect(await viewPreferences(h.web, linkToken(h.config, 'preferences', 's1', h.clock.now()))).toEqual({ kind: 'suppressed' });
    expect(await savePreferences(h.web, linkToken(h.config, 'preferences', 't1', h.clock.now()), { action: 'resume', fields: {}, clientIp: ip })).toMatchObject({ kind: 'saved', subscriber: { status: 'unsubscribed' } });
    expect(await viewPreferences(h.web, linkToken(h.config, 'preferences', 'nobody', h.clock.now()))).toEqual({ kind: 'gone' });
    expect(h.subscribers.writes).toEqual([]);
    expect(h.mailer.sent).toEqual([]);
  });

  it('limits how often resuming mails the address', async () => {
    const h = harness([aSubscriber({ id: 'u1', email: 'u1@example.org', status: 'unsubscribed' })]);
    const token = linkToken(h.config, 'preferences', 'u1', h.clock.now());
    for (let i = 0; i < 5; i++) expect(await savePreferences(h.web, token, { action: 'resume', fields: {}, clientIp: ip })).toMatchObject({ kind: 'confirmation-sent' });
    expect(h.mailer.to('u1@example.org')).toHaveLength(3);
  });
});

describe('unsubscribe', () => {
  it('GET changes nothing; POST unsubscribes; repeats are harmless', async () => {
    const h = harness([aSubscriber({ id: 'a1' })]);
    const token = linkToken(h.config, 'unsubscribe', 'a1', h.clock.now());
    expect(await viewUnsubscribe(h.web, token)).toMatchObject({ kind: 'ok', subscriber: { status: 'active' } });
    expect((await h.subscribers.get('a1'))?.status).toBe('active');
    expect(await unsubscribe(h.web, token)).toMatchObject({ kind: 'unsubscribed', changed: true });
    expect(await unsubscribe(h.web, token)).toMatchObject({ kind: 'unsubscribed', changed: false });
    expect((await h.subscribers.get('a1'))?.status).toBe('unsubscribed');
    expect(h.subscribers.writes).toHaveLength(1);
  });

  it('a link opened again says the address is unsubscribed, with a resume token that ends when the link does', async () => {
    const h = harness([aSubscriber({ id: 'a1', email: 'a1@example.org', topics: ['nagorno-karabakh'] })]);
    const token = linkToken(h.config, 'unsubscribe', 'a1', h.clock.now());
    const { resumeToken } = (await unsubscribe(h.web, token)) as { resumeToken?: string };
    const view = await viewUnsubscribe(h.web, token);
    expect(view).toEqual({ kind: 'unsubscribed', resumeToken: expect.any(String) });
    const again = view.kind === 'unsubscribed' ? view.resumeToken! : '';
    const linkEnds = checkLinkToken(h.config.tokenSecret, token, 'unsubscribe', h.clock.now());
    expect(linkEnds.kind).toBe('valid');
    for (const resume of [resumeToken!, again]) {
      expect(checkLinkToken(h.config.tokenSecret, resume, 'preferences', h.clock.now())).toEqual({ kind: 'valid', payload: { sub: 'a1', purpose: 'preferences', exp: linkEnds.kind === 'valid' ? linkEnds.payload.exp : 0 } });
    }
    // Resuming is the preferences page's: a pending change until the mailbox confirms.
    expect(await savePreferences(h.web, again, { action: 'resume', fields: {}, clientIp: ip })).toEqual({ kind: 'confirmation-sent', email: 'a1@example.org' });
    expect(await h.subscribers.get('a1')).toMatchObject({ status: 'unsubscribed' });
    expect(await confirmSubscription(h.web, tokenIn(h.mailer.to('a1@example.org')[0]!.text, 'confirm'))).toMatchObject({ kind: 'confirmed', subscriber: { status: 'active', topics: ['nagorno-karabakh'] } });
    expect(await viewUnsubscribe(h.web, token)).toMatchObject({ kind: 'ok' });
  });

  it('a link opened again offers no resume where there is no address to confirm by', async () => {
    const h = harness([aSubscriber({ id: 's1', status: 'suppressed' }), aSubscriber({ id: 'b1', email: 'b1@example.org', suppression: { reason: 'bounce', at: '2026-01-01T00:00:00Z' }, channels: ['telegram'], telegramChatId: '5' })]);
    for (const id of ['s1', 'b1', 'deleted']) expect(await viewUnsubscribe(h.web, linkToken(h.config, 'unsubscribe', id, h.clock.now()))).toEqual({ kind: 'unsubscribed' });
  });

  it('email left but Telegram kept: the link says unsubscribed, and resuming adds email back once the mailbox confirms', async () => {
    const h = harness([aSubscriber({ id: 'c1', email: 'c1@example.org', telegramChatId: '6', channels: ['email', 'telegram'], topics: ['csto'] })]);
    const token = linkToken(h.config, 'unsubscribe', 'c1', h.clock.now());
    await unsubscribe(h.web, token);
    expect(await h.subscribers.get('c1')).toMatchObject({ status: 'active', channels: ['telegram'] });
    const view = await viewUnsubscribe(h.web, token);
    expect(view.kind).toBe('unsubscribed');
    const resume = view.kind === 'unsubscribed' ? view.resumeToken! : '';
    expect(await savePreferences(h.web, resume, { action: 'resume', fields: {}, clientIp: ip })).toEqual({ kind: 'confirmation-sent', email: 'c1@example.org' });
    expect(await h.subscribers.get('c1')).toMatchObject({ channels: ['telegram'] });
    await confirmSubscription(h.web, tokenIn(h.mailer.to('c1@example.org')[0]!.text, 'confirm'));
    expect(await h.subscribers.get('c1')).toMatchObject({ status: 'active', channels: ['telegram', 'email'], topics: ['csto'] });
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

  it('honours an unsubscribe link from before sealed tokens, for a subscriber from before random ids', async () => {
    const id = legacyWebSubscriberId('old@example.org');
    const h = harness([aSubscriber({ id, email: 'old@example.org' })]);
    const old = legacyToken(h.config.tokenSecret, { sub: id, purpose: 'unsubscribe', exp: Math.floor(h.clock.now().getTime() / 1000) + 86_400 });
    const view = await viewUnsubscribe(h.web, old);
    expect(await unsubscribe(h.web, old)).toMatchObject({ kind: 'unsubscribed', changed: true });
    // Its onward link is sealed (nothing readable in it) and ends with it.
    const onward = tokenOf(view.kind === 'ok' ? view.preferencesUrl : '');
    expect(onward).not.toContain('.');
    h.clock.advance({ days: 1 });
    expect(checkLinkToken(h.config.tokenSecret, onward, 'preferences', h.clock.now())).toEqual({ kind: 'expired' });
  });
});

describe('links reached from links', () => {
  it('never outlive the first one: unsubscribe → preferences → unsubscribe → … all end when it ends', async () => {
    const h = harness([aSubscriber({ id: 'a1' })]);
    let unsubscribeToken = linkToken(h.config, 'unsubscribe', 'a1', h.clock.now());
    const ends = h.clock.now().getTime() + 180 * 86_400_000;
    for (let hop = 0; hop < 3; hop++) {
      h.clock.advance({ days: 59 });
      const ask = await viewUnsubscribe(h.web, unsubscribeToken);
      const preferencesToken = tokenOf(ask.kind === 'ok' ? ask.preferencesUrl : '');
      const prefs = await viewPreferences(h.web, preferencesToken);
      unsubscribeToken = tokenOf(prefs.kind === 'ok' ? prefs.unsubscribeUrl : '');
    }
    h.clock.set(ends);
    expect(await viewUnsubscribe(h.web, unsubscribeToken)).toEqual({ kind: 'expired' });
    expect(await viewPreferences(h.web, linkToken(h.config, 'preferences', 'a1', new Date(ends - 180 * 86_400_000)))).toEqual({ kind: 'expired' });
  });
});
