import { describe, expect, it } from 'vitest';
import { webSubscriberId } from '../../../shared/domain/subscription/subscriber-ids.js';
import { recordSesNotification } from '../../../shared/usecases/subscriptions/ses-events.js';
import { subscribe } from '../../../shared/usecases/subscriptions/subscribe.js';
import { aSubscriber } from '../../support/factories.js';
import { bounceEvent, complaintEvent, harness } from './fixtures.js';

describe('SES bounce and complaint sequences', () => {
  it('suppresses a permanent bounce once, however often it arrives', async () => {
    const h = harness([aSubscriber({ id: 'a1', email: 'gone@example.org' })]);
    const first = await recordSesNotification(h.ses, bounceEvent('Permanent', ['gone@example.org']));
    expect(first).toMatchObject({ kind: 'suppressed', reason: 'bounce', newlySuppressed: ['gone@example.org'], subscribersChanged: ['a1'] });
    const again = await recordSesNotification(h.ses, bounceEvent('Permanent', ['gone@example.org']));
    expect(again).toMatchObject({ newlySuppressed: [], alreadySuppressed: ['gone@example.org'], subscribersChanged: [] });
    expect(h.subscribers.writes).toHaveLength(1);
    expect(await h.subscribers.get('a1')).toMatchObject({ status: 'suppressed', suppression: { reason: 'bounce', at: '2026-11-20T11:59:00.000Z' } });
  });

  it('never suppresses on transient bounces, before or after a permanent one', async () => {
    const h = harness([aSubscriber({ id: 'a1', email: 'full@example.org' })]);
    for (let i = 0; i < 3; i++) expect(await recordSesNotification(h.ses, bounceEvent('Transient', ['full@example.org']))).toMatchObject({ kind: 'ignored' });
    expect((await h.subscribers.get('a1'))?.status).toBe('active');
    await recordSesNotification(h.ses, bounceEvent('Permanent', ['full@example.org']));
    await recordSesNotification(h.ses, bounceEvent('Transient', ['full@example.org']));
    expect((await h.subscribers.get('a1'))?.status).toBe('suppressed');
  });

  it('converges whatever the order of a complaint and a bounce, and keeps the first reason', async () => {
    const orders = [
      [complaintEvent(['x@example.org']), bounceEvent('Permanent', ['x@example.org'])],
      [bounceEvent('Permanent', ['x@example.org']), complaintEvent(['x@example.org']), bounceEvent('Permanent', ['x@example.org'])],
    ];
    const states = [];
    for (const events of orders) {
      const h = harness([aSubscriber({ id: 'a1', email: 'x@example.org' })]);
      for (const e of events) await recordSesNotification(h.ses, e);
      states.push({ status: (await h.subscribers.get('a1'))?.status, record: (await h.suppressions.get('x@example.org'))?.reason });
    }
    expect(states).toEqual([
      { status: 'suppressed', record: 'complaint' },
      { status: 'suppressed', record: 'bounce' },
    ]);
  });

  it('suppresses every recipient of a notification, known to us or not', async () => {
    const recipients = Array.from({ length: 40 }, (_, i) => `r${i}@example.org`);
    const h = harness(recipients.slice(0, 10).map((email, i) => aSubscriber({ id: `s${i}`, email })));
    const result = await recordSesNotification(h.ses, bounceEvent('Permanent', recipients));
    expect(result).toMatchObject({ newlySuppressed: recipients });
    expect(result.kind === 'suppressed' && result.subscribersChanged).toHaveLength(10);
    expect(h.suppressions.items.size).toBe(40);
  });

  it('suppresses every record holding the address, and stops only email for one that has Telegram too', async () => {
    const h = harness([
      aSubscriber({ id: 'analyst', email: 'desk@example.org' }),
      aSubscriber({ id: webSubscriberId('desk@example.org'), email: 'DESK@example.org', status: 'pending' }),
      aSubscriber({ id: 'both', email: 'desk@example.org', telegramChatId: '3', channels: ['email', 'telegram'] }),
    ]);
    await recordSesNotification(h.ses, complaintEvent(['desk@example.org']));
    expect((await h.subscribers.get('analyst'))?.status).toBe('suppressed');
    expect((await h.subscribers.get(webSubscriberId('desk@example.org')))?.status).toBe('suppressed');
    expect(await h.subscribers.get('both')).toMatchObject({ status: 'active', channels: ['telegram'] });
  });

  it('mails nothing to a suppressed address that subscribes again', async () => {
    const h = harness();
    await recordSesNotification(h.ses, complaintEvent(['angry@example.org']));
    await subscribe(h.web, { request: { email: 'angry@example.org', topics: ['csto'], mode: 'instant', timeZone: 'UTC' }, clientIp: '203.0.113.1' });
    expect(h.mailer.sent).toEqual([]);
  });

  it('finishes a suppression whose subscriber write failed the first time', async () => {
    const h = harness([aSubscriber({ id: 'a1', email: 'gone@example.org' })]);
    const put = h.subscribers.put.bind(h.subscribers);
    h.subscribers.put = async () => {
      throw new Error('throttled');
    };
    await expect(recordSesNotification(h.ses, bounceEvent('Permanent', ['gone@example.org']))).rejects.toThrow('throttled');
    h.subscribers.put = put;
    expect(await recordSesNotification(h.ses, bounceEvent('Permanent', ['gone@example.org']))).toMatchObject({ alreadySuppressed: ['gone@example.org'], subscribersChanged: ['a1'] });
  });
});
