import { describe, expect, it } from 'vitest';
import { applyPreferences, confirmSubscriber, decideSubscribe, leaveChannel, resumeSubscriber, suppressEmailOf } from '../../../shared/domain/subscription/lifecycle.js';
import { preferredHolder } from '../../../shared/domain/subscription/holders.js';
import type { Subscriber } from '../../../shared/domain/subscriber.js';
import { aSubscriber } from '../../support/factories.js';

const now = new Date('2026-11-20T10:00:00Z');
const request = { email: 'reader@example.org', topics: ['nagorno-karabakh'], mode: 'digest' as const, digest: { frequency: 'daily' as const, at: '07:00' }, timeZone: 'Asia/Yerevan' };

describe('decideSubscribe', () => {
  it('creates a pending subscriber for a new address', () => {
    expect(decideSubscribe(undefined, request, { now, newId: 'web-1', suppressed: false })).toEqual({
      kind: 'confirm',
      subscriber: {
        id: 'web-1',
        email: 'reader@example.org',
        topics: ['nagorno-karabakh'],
        channels: ['email'],
        mode: 'digest',
        digest: { frequency: 'daily', at: '07:00' },
        timeZone: 'Asia/Yerevan',
        status: 'pending',
        consent: { via: 'web', requestedAt: now.toISOString() },
      },
    });
  });

  it.each(['pending', 'unsubscribed'] as const)('asks a %s address to confirm again, with the new choices', (status) => {
    const existing = aSubscriber({ status, email: 'reader@example.org', quietHours: { start: '22:00', end: '07:00' } });
    const d = decideSubscribe(existing, request, { now, newId: 'web-1', suppressed: false });
    expect(d.kind).toBe('confirm');
    expect(d.kind === 'confirm' && d.subscriber).toMatchObject({ id: existing.id, status: 'pending', topics: ['nagorno-karabakh'] });
    expect(d.kind === 'confirm' && d.subscriber.quietHours).toBeUndefined();
  });

  it.each(['active', 'paused'] as const)('leaves an %s subscriber alone and mails a preferences link instead', (status) => {
    const existing = aSubscriber({ status, email: 'reader@example.org' });
    expect(decideSubscribe(existing, request, { now, newId: 'web-1', suppressed: false })).toEqual({ kind: 'manage', subscriber: existing });
  });

  it.each([
    ['a suppression record', undefined, true],
    ['a suppressed subscriber', aSubscriber({ status: 'suppressed' }), false],
    ['an email suppression on a Telegram subscriber', aSubscriber({ channels: ['telegram'], telegramChatId: '1', suppression: { reason: 'bounce', at: 'x' } }), false],
  ])('mails nothing to an address with %s', (_name, existing, suppressed) => {
    expect(decideSubscribe(existing, request, { now, newId: 'web-1', suppressed })).toEqual({ kind: 'silent', reason: 'suppressed' });
  });
});

describe('transitions', () => {
  it('confirms only a pending subscriber, recording when', () => {
    const pending = aSubscriber({ status: 'pending', consent: { via: 'web', requestedAt: '2026-11-20T09:00:00.000Z' } });
    expect(confirmSubscriber(pending, now)).toMatchObject({ status: 'active', consent: { via: 'web', requestedAt: '2026-11-20T09:00:00.000Z', confirmedAt: now.toISOString() } });
    expect(confirmSubscriber(aSubscriber({ status: 'active' }), now)).toBeUndefined();
    expect(confirmSubscriber(aSubscriber({ status: 'unsubscribed' }), now)).toBeUndefined();
  });

  it.each<[string, Partial<Subscriber>, Partial<Subscriber> | undefined]>([
    ['the only channel: unsubscribed', { channels: ['email'] }, { status: 'unsubscribed', channels: ['email'] }],
    ['one of two: the other stays', { channels: ['email', 'telegram'], telegramChatId: '1' }, { status: 'active', channels: ['telegram'] }],
    ['a pending subscriber: unsubscribed', { status: 'pending' }, { status: 'unsubscribed' }],
    ['already unsubscribed: nothing', { status: 'unsubscribed' }, undefined],
    ['a channel not held: nothing', { channels: ['telegram'], telegramChatId: '1' }, undefined],
  ])('leaving email from %s', (_name, overrides, expected) => {
    const next = leaveChannel(aSubscriber(overrides), 'email');
    if (expected === undefined) expect(next).toBeUndefined();
    else expect(next).toMatchObject(expected);
  });

  it('suppresses email once; a subscriber with Telegram keeps Telegram', () => {
    const emailOnly = suppressEmailOf(aSubscriber(), 'complaint', '2026-11-20T10:00:00.000Z')!;
    expect(emailOnly).toMatchObject({ status: 'suppressed', suppression: { reason: 'complaint' } });
    expect(suppressEmailOf(emailOnly, 'bounce', 'later')).toBeUndefined();
    const both = suppressEmailOf(aSubscriber({ channels: ['email', 'telegram'], telegramChatId: '7' }), 'bounce', 'at')!;
    expect(both).toMatchObject({ status: 'active', channels: ['telegram'], disabledChannels: { email: { reason: 'suppressed: bounce', at: 'at' } } });
  });

  it('pauses and resumes through preferences', () => {
    const update = { topics: ['csto'], mode: 'instant' as const, timeZone: 'UTC', channels: ['email' as const] };
    const paused = applyPreferences(aSubscriber({ digest: { frequency: 'hourly' } }), { ...update, paused: true });
    expect(paused).toMatchObject({ status: 'paused', mode: 'instant' });
    expect(paused.digest).toBeUndefined();
    expect(applyPreferences(paused, { ...update, paused: false }).status).toBe('active');
    expect(applyPreferences(aSubscriber({ status: 'pending' }), { ...update, paused: true }).status).toBe('pending');
    expect(resumeSubscriber(aSubscriber({ status: 'unsubscribed' }))?.status).toBe('active');
    expect(resumeSubscriber(aSubscriber({ status: 'suppressed' }))).toBeUndefined();
  });

  it('prefers a receiving holder of an address, then the own record', () => {
    const own = aSubscriber({ id: 'web-1', status: 'pending' });
    const admin = aSubscriber({ id: 'analyst', status: 'unsubscribed' });
    expect(preferredHolder([admin, own], 'web-1')?.id).toBe('web-1');
    expect(preferredHolder([own, { ...admin, status: 'active' }], 'web-1')?.id).toBe('analyst');
    expect(preferredHolder([], 'web-1')).toBeUndefined();
  });
});
