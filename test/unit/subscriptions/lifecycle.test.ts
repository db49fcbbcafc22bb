import { describe, expect, it } from 'vitest';
import { applyPreferences, leaveChannel, suppressEmailOf } from '../../../shared/domain/subscription/lifecycle.js';
import { preferredHolder } from '../../../shared/domain/subscription/holders.js';
import type { Subscriber } from '../../../shared/domain/subscriber.js';
import { aSubscriber } from '../../support/factories.js';

describe('transitions', () => {
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

  it('pauses and unpauses through preferences', () => {
    const update = { topics: ['csto'], mode: 'instant' as const, timeZone: 'UTC', channels: ['email' as const] };
    const paused = applyPreferences(aSubscriber({ digest: { frequency: 'hourly' } }), { ...update, paused: true });
    expect(paused).toMatchObject({ status: 'paused', mode: 'instant' });
    expect(paused.digest).toBeUndefined();
    expect(applyPreferences(paused, { ...update, paused: false }).status).toBe('active');
    expect(applyPreferences(aSubscriber({ status: 'pending' }), { ...update, paused: true }).status).toBe('pending');
    expect(applyPreferences(aSubscriber({ status: 'unsubscribed' }), { ...update, paused: false }).status).toBe('unsubscribed');
  });

  it('prefers a receiving holder of an address, then the own record', () => {
    const own = aSubscriber({ id: 'web-1', status: 'pending' });
    const admin = aSubscriber({ id: 'analyst', status: 'unsubscribed' });
    expect(preferredHolder([admin, own], 'web-1')?.id).toBe('web-1');
    expect(preferredHolder([own, { ...admin, status: 'active' }], 'web-1')?.id).toBe('analyst');
    expect(preferredHolder([], 'web-1')).toBeUndefined();
  });
});
