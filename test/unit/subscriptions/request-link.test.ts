import { describe, expect, it } from 'vitest';
import { viewPreferences } from '../../../shared/usecases/subscriptions/preferences.js';
import { requestLink } from '../../../shared/usecases/subscriptions/request-link.js';
import { aSubscriber } from '../../support/factories.js';
import { harness, tokenIn } from './fixtures.js';

const ip = '203.0.113.5';

describe('a new link by email', () => {
  it('mails an address that gets alerts fresh links to its preferences, with one-click unsubscribe', async () => {
    const h = harness([aSubscriber({ id: 'a1', email: 'Reader@Example.org', status: 'paused' })]);
    expect(await requestLink(h.web, { email: 'reader@example.org', clientIp: ip })).toEqual({ kind: 'accepted', detail: 'links-sent' });
    const [mail] = h.mailer.to('reader@example.org');
    expect(mail!.text).toContain('asked for a new link to the newshound news alerts sent to Reader@Example.org');
    expect(mail!.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    h.clock.advance({ days: 179 });
    expect(await viewPreferences(h.web, tokenIn(mail!.text, 'preferences'))).toMatchObject({ kind: 'ok', subscriber: { id: 'a1' } });
  });

  it('mails nothing to any other address, answers alike, and takes the same time', async () => {
    const h = harness([aSubscriber({ email: 'left@example.org', status: 'unsubscribed' }), aSubscriber({ email: 'waiting@example.org', status: 'pending' }), aSubscriber({ email: 'on@example.org' })]);
    await h.suppressions.suppress({ email: 'bounced@example.org', reason: 'bounce', at: 'x' });
    const answers = [];
    for (const email of ['nobody@example.org', 'left@example.org', 'waiting@example.org', 'bounced@example.org', 'on@example.org']) {
      const started = h.clock.now().getTime();
      const outcome = await requestLink(h.web, { email, clientIp: ip });
      answers.push({ kind: outcome.kind, ms: h.clock.now().getTime() - started });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ kind: 'accepted', ms: 1000 })]));
    expect(h.mailer.sent.map((m) => m.to)).toEqual(['on@example.org']);
    expect(h.subscribers.writes).toEqual([]);
  });

  it('counts against the same limits as subscribe requests', async () => {
    const h = harness([aSubscriber({ email: 'on@example.org' })], { rateLimits: { perIp: { limit: 4, windowMinutes: 60 }, perAddress: { limit: 2, windowMinutes: 60 } } });
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await requestLink(h.web, { email: 'on@example.org', clientIp: ip }));
    expect(outcomes.map((o) => (o.kind === 'accepted' ? o.detail : o.kind))).toEqual(['links-sent', 'links-sent', 'address-limited', 'address-limited', 'rate-limited']);
    expect(h.mailer.sent).toHaveLength(2);
  });
});
