import { describe, expect, it } from 'vitest';
import { decideResume, decideSubscribe } from '../../../shared/domain/subscription/address-requests.js';
import { aSubscriber } from '../../support/factories.js';

const now = new Date('2026-11-20T10:00:00Z');
const request = { email: 'reader@example.org', topics: ['nagorno-karabakh'], mode: 'digest' as const, digest: { frequency: 'daily' as const, at: '07:00' }, timeZone: 'Asia/Yerevan' };
const ctx = { now, newId: 'web-1', changeId: 'c1', suppressed: false };
const change = { id: 'c1', requestedAt: now.toISOString(), preferences: { topics: ['nagorno-karabakh'], mode: 'digest', digest: { frequency: 'daily', at: '07:00' }, timeZone: 'Asia/Yerevan' } };

describe('decideSubscribe', () => {
  it('creates a pending record for a new address, holding the request as a pending change', () => {
    expect(decideSubscribe(undefined, request, ctx)).toEqual({
      kind: 'confirm',
      subscriber: { id: 'web-1', email: 'reader@example.org', topics: [], channels: ['email'], mode: 'instant', timeZone: 'UTC', status: 'pending', pendingChange: change },
    });
  });

  it.each(['pending', 'unsubscribed'] as const)('records only a pending change for a %s address: its choices, status and consent stay', (status) => {
    const existing = aSubscriber({ status, email: 'reader@example.org', topics: ['csto'], quietHours: { start: '22:00', end: '07:00' }, consent: { via: 'web', requestedAt: 'then', confirmedAt: 'then' } });
    expect(decideSubscribe(existing, request, ctx)).toEqual({ kind: 'confirm', subscriber: { ...existing, pendingChange: change } });
  });

  it.each(['active', 'paused'] as const)('leaves an %s subscriber alone and mails a preferences link instead', (status) => {
    const existing = aSubscriber({ status, email: 'reader@example.org' });
    expect(decideSubscribe(existing, request, ctx)).toEqual({ kind: 'manage', subscriber: existing });
  });

  it.each([
    ['a suppression record', undefined, true],
    ['a suppressed subscriber', aSubscriber({ status: 'suppressed' }), false],
    ['an email suppression on a Telegram subscriber', aSubscriber({ channels: ['telegram'], telegramChatId: '1', suppression: { reason: 'bounce', at: 'x' } }), false],
  ])('mails nothing to an address with %s', (_name, existing, suppressed) => {
    expect(decideSubscribe(existing, request, { ...ctx, suppressed })).toEqual({ kind: 'silent', reason: 'suppressed' });
  });
});

describe('decideResume', () => {
  it('ends a pause at once', () => {
    expect(decideResume(aSubscriber({ status: 'paused' }), ctx)).toMatchObject({ kind: 'unpaused', subscriber: { status: 'active' } });
  });

  it('holds a comeback after an unsubscribe for confirmation, with the same choices', () => {
    const sub = aSubscriber({ status: 'unsubscribed', topics: ['csto'], mode: 'instant', timeZone: 'Europe/Berlin' });
    expect(decideResume(sub, ctx)).toEqual({
      kind: 'confirm',
      subscriber: { ...sub, pendingChange: { id: 'c1', requestedAt: now.toISOString(), preferences: { topics: ['csto'], mode: 'instant', timeZone: 'Europe/Berlin' } } },
    });
  });

  it.each([
    ['an active subscriber', aSubscriber({ status: 'active' }), false],
    ['a suppressed address', aSubscriber({ status: 'unsubscribed' }), true],
    ['a record without an address', aSubscriber({ status: 'unsubscribed', email: undefined, telegramChatId: '5', channels: ['telegram'] }), false],
  ])('changes nothing for %s', (_name, sub, suppressed) => {
    expect(decideResume(sub, { ...ctx, suppressed })).toEqual({ kind: 'unchanged' });
  });
});
