import { describe, expect, it } from 'vitest';
import { requestLink } from '../../../shared/usecases/subscriptions/request-link.js';
import { subscribe } from '../../../shared/usecases/subscriptions/subscribe.js';
import { aSubscriber } from '../../support/factories.js';
import { harness } from './fixtures.js';

const ip = '203.0.113.7';
const sender = { fromName: 'Дежурный "ОДКБ", newshound', language: 'ru' };

describe('the sender and language of subscription emails', () => {
  it('sends the confirmation as the configured sender name, automatic (RFC 3834), in the configured language', async () => {
    const h = harness([], sender);
    await subscribe(h.web, { request: { email: 'reader@example.org', topics: ['csto'], mode: 'instant', timeZone: 'UTC' }, clientIp: ip });
    const [mail] = h.mailer.to('reader@example.org');
    expect(mail).toMatchObject({ from: 'alerts@news.example.org', fromName: sender.fromName, headers: { 'Auto-Submitted': 'auto-generated' } });
    expect(mail!.html).toMatch(/<html lang="ru">/);
  });

  it('sends the preferences links the same way', async () => {
    const h = harness([aSubscriber({ id: 'a1', email: 'on@example.org' })], sender);
    await requestLink(h.web, { email: 'on@example.org', clientIp: ip });
    const [mail] = h.mailer.to('on@example.org');
    expect(mail).toMatchObject({ fromName: sender.fromName, headers: { 'Auto-Submitted': 'auto-generated', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
    expect(mail!.html).toMatch(/<html lang="ru">/);
  });

  it('escapes the language', async () => {
    const h = harness([], { language: 'en"><script>alert(1)</script>' });
    await subscribe(h.web, { request: { email: 'reader@example.org', topics: ['csto'], mode: 'instant', timeZone: 'UTC' }, clientIp: ip });
    expect(h.mailer.sent[0]!.html).toContain('<html lang="en&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">');
  });
});
