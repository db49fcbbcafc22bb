import { describe, expect, it } from 'vitest';
import { clientNetwork, requestBucket, retryAfterSeconds, subscribeBuckets } from '../../../shared/domain/subscription/rate-limits.js';

const rules = { perIp: { limit: 20, windowMinutes: 60 }, perAddress: { limit: 3, windowMinutes: 60 } };

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa::1', '20010db800010002::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', '20010db800010002::/64'],
    ['not an ip', 'unknown'],
  ])('%s → %s', (ip, network) => {
    expect(clientNetwork(ip)).toBe(network);
  });
});

describe('subscribeBuckets', () => {
  const now = new Date('2026-11-20T10:17:00Z');

  it('counts per IP and per address in windows that end on the window boundary', () => {
    const b = subscribeBuckets({ ip: '203.0.113.7', email: 'Reader@Example.org', now, rules });
    expect(b.ip).toMatchObject({ scope: 'ip', limit: 20, windowEndsAt: new Date('2026-11-20T11:00:00Z') });
    expect(b.address).toMatchObject({ scope: 'address', limit: 3, windowEndsAt: new Date('2026-11-20T11:00:00Z') });
    expect(retryAfterSeconds(b.ip, now)).toBe(43 * 60);
  });

  it('keeps raw addresses and IPs out of the keys', () => {
    const b = subscribeBuckets({ ip: '203.0.113.7', email: 'reader@example.org', now, rules });
    expect(`${b.ip.key} ${b.address.key}`).not.toMatch(/203\.0|reader|example/);
  });

  it('treats address case alike, IPv6 hosts of one /64 alike, and a new window as a new counter', () => {
    const a = subscribeBuckets({ ip: '2001:db8::1', email: 'reader@example.org', now, rules });
    const b = subscribeBuckets({ ip: '2001:db8::ffff', email: 'READER@example.org', now, rules });
    const later = subscribeBuckets({ ip: '2001:db8::1', email: 'reader@example.org', now: new Date('2026-11-20T11:00:00Z'), rules });
    expect(b.ip.key).toBe(a.ip.key);
    expect(b.address.key).toBe(a.address.key);
    expect(later.ip.key).not.toBe(a.ip.key);
  });
});

describe('requestBucket', () => {
  const now = new Date('2026-11-20T10:17:00Z');
  const rule = { limit: 300, windowMinutes: 10 };

  it('gives pages and unsubscribe links counters of their own per network, apart from subscribe requests', () => {
    const page = requestBucket('page', { ip: '203.0.113.7', now, rule });
    const unsubscribe = requestBucket('unsubscribe', { ip: '203.0.113.7', now, rule });
    const subscribe = subscribeBuckets({ ip: '203.0.113.7', email: 'reader@example.org', now, rules }).ip;
    expect(new Set([page.key, unsubscribe.key, subscribe.key]).size).toBe(3);
    expect(page).toMatchObject({ scope: 'ip', limit: 300, windowEndsAt: new Date('2026-11-20T10:20:00Z') });
    expect(requestBucket('page', { ip: '2001:db8::1', now, rule }).key).toBe(requestBucket('page', { ip: '2001:db8::2', now, rule }).key);
    expect(page.key).not.toMatch(/203\.0/);
  });
});
