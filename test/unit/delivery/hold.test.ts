import { describe, expect, it } from 'vitest';
import { deliveryId, digestArticleId, messagePartKey } from '../../../shared/domain/delivery/delivery-keys.js';
import { digestHeading } from '../../../shared/domain/delivery/digest-heading.js';
import { decideHold } from '../../../shared/domain/delivery/hold.js';
import type { DeliveryRequested } from '../../../shared/domain/messages.js';
import type { Subscriber } from '../../../shared/domain/subscriber.js';
import { aSubscriber } from '../../support/factories.js';

const topics = [{ id: 'csto', name: 'CSTO' }];
const NOW = new Date('2026-11-20T12:00:00Z');
const csto = [{ topicId: 'csto', terms: [] }];
const storming = [{ topicId: 'csto', count: 25 }];

describe('decideHold', () => {
  it.each<[string, Partial<Subscriber>, Pick<DeliveryRequested, 'channel' | 'matches' | 'storm'>, { reason: string; slot: string } | undefined]>([
    ['instant, daytime: goes out', {}, { channel: 'email', matches: csto }, undefined],
    ['webhooks are never held', { mode: 'digest', quietHours: { start: '00:00', end: '23:59' } }, { channel: 'webhook', matches: csto, storm: storming }, undefined],
    ['digest mode: the next daily slot', { mode: 'digest', digest: { frequency: 'daily', at: '08:00' } }, { channel: 'email', matches: csto }, { reason: 'digest', slot: '2026-11-21T08:00:00.000Z' }],
    ['a storm on every matched topic: the next full hour', {}, { channel: 'telegram', matches: csto, storm: storming }, { reason: 'storm', slot: '2026-11-20T13:00:00.000Z' }],
    ['a storm on one of two topics: goes out', {}, { channel: 'email', matches: [...csto, { topicId: 'other', terms: [] }], storm: storming }, undefined],
    ['quiet hours: their end', { quietHours: { start: '11:00', end: '14:00' } }, { channel: 'email', matches: csto }, { reason: 'quiet-hours', slot: '2026-11-20T14:00:00.000Z' }],
  ])('%s', (_name, sub, msg, expected) => {
    const hold = decideHold(aSubscriber(sub), msg, { now: NOW, topics, storm: { threshold: 20, windowMinutes: 60 } });
    expect(hold && { reason: hold.reason, slot: hold.slot.toISOString() }).toEqual(expected);
  });

  it('a storm hold carries the notice, with topic names', () => {
    expect(decideHold(aSubscriber(), { channel: 'email', matches: csto, storm: storming }, { now: NOW, topics })?.note).toMatch(/^Very busy: CSTO \(25 alerts in 60 minutes\)/);
  });
});

describe('digestHeading', () => {
  it.each<[string, Partial<Subscriber>, { reason: 'digest' | 'storm' | 'quiet-hours'; note?: string }[], ReturnType<typeof digestHeading>]>([
    ['digest mode', { digest: { frequency: 'hourly' } }, [{ reason: 'digest' }], { heading: 'Your hourly digest' }],
    ['digest mode, daily by default', {}, [{ reason: 'digest' }], { heading: 'Your daily digest' }],
    ['a storm, its notes once each', {}, [{ reason: 'storm', note: 'Busy.' }, { reason: 'storm', note: 'Busy.' }], { heading: 'Storm digest', notice: 'Busy.' }],
    ['quiet hours alone', {}, [{ reason: 'quiet-hours' }], { heading: 'Held during your quiet hours' }],
    ['a storm held over quiet hours says so', {}, [{ reason: 'storm' }, { reason: 'quiet-hours' }], { heading: 'Storm digest', notice: 'Some of these alerts were held during your quiet hours.' }],
  ])('%s', (_name, sub, entries, expected) => {
    expect(digestHeading(aSubscriber(sub), entries)).toEqual(expected);
  });
});

describe('delivery keys', () => {
  const key = { subscriberId: 's1', channel: 'telegram' as const, articleId: 'a1' };
  it('names deliveries, message parts and digests', () => {
    expect(deliveryId(key)).toBe('s1/telegram/a1');
    expect(messagePartKey(key, 1, 3)).toEqual({ ...key, articleId: 'a1#part2of3' });
    expect(digestArticleId('2026-11-21T08:00:00.000Z')).toBe('digest:2026-11-21T08:00:00.000Z');
  });
});
