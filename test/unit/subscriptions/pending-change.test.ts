import { describe, expect, it } from 'vitest';
import { applyChange, previewChange, requestChange } from '../../../shared/domain/subscription/pending-change.js';
import { aSubscriber } from '../../support/factories.js';

const requested = new Date('2026-11-20T09:00:00Z');
const now = new Date('2026-11-20T10:00:00Z');
const prefs = { topics: ['nagorno-karabakh'], mode: 'digest' as const, digest: { frequency: 'hourly' as const }, timeZone: 'Asia/Yerevan' };

describe('pending changes', () => {
  const before = aSubscriber({ id: 'u1', status: 'unsubscribed', topics: ['csto'], channels: ['telegram'], telegramChatId: '5', quietHours: { start: '22:00', end: '07:00' }, consent: { via: 'web', requestedAt: 'old', confirmedAt: 'old' } });
  const waiting = requestChange(before, prefs, { changeId: 'c1', now: requested });

  it('keep the record as it was until confirmed', () => {
    const { pendingChange, ...rest } = waiting;
    expect(rest).toEqual(before);
    expect(pendingChange).toEqual({ id: 'c1', requestedAt: requested.toISOString(), preferences: prefs });
  });

  it('show what a confirmation would confirm', () => {
    expect(previewChange(waiting)).toMatchObject({ status: 'unsubscribed', topics: ['nagorno-karabakh'], mode: 'digest', digest: { frequency: 'hourly' } });
    expect(previewChange(waiting).quietHours).toBeUndefined();
    expect(previewChange(waiting).pendingChange).toBeUndefined();
  });

  it('take effect with the confirm link naming them: choices, email on, active, consent recorded', () => {
    const confirmed = applyChange(waiting, 'c1', now)!;
    expect(confirmed).toMatchObject({ status: 'active', topics: ['nagorno-karabakh'], channels: ['telegram', 'email'], consent: { via: 'web', requestedAt: requested.toISOString(), confirmedAt: now.toISOString() } });
    expect(confirmed.pendingChange).toBeUndefined();
    expect(confirmed.quietHours).toBeUndefined();
  });

  it('are replaced by a later request, whose link alone applies', () => {
    const later = requestChange(waiting, { ...prefs, topics: ['csto'] }, { changeId: 'c2', now });
    expect(applyChange(later, 'c1', now)).toBeUndefined();
    expect(applyChange(later, 'c2', now)?.topics).toEqual(['csto']);
    expect(applyChange(before, 'c1', now)).toBeUndefined();
  });
});
