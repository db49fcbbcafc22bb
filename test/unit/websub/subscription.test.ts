import { describe, expect, it } from 'vitest';
import { answerVerification, DEFAULT_WEBSUB_TIMING, deliveryMode, nextAction, type PushSubscription, renewAt, retryDelaySeconds } from '../../../shared/domain/websub/subscription.js';

const T = DEFAULT_WEBSUB_TIMING;
const now = new Date('2026-11-20T10:00:00.000Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString();
const ahead = (s: number) => new Date(now.getTime() + s * 1000).toISOString();
const HUB = 'https://hub.example/';
const TOPIC = 'https://site.example/feed';
const sub = (extra: Partial<PushSubscription> = {}): PushSubscription => ({ feedId: 'f', hub: HUB, topic: TOPIC, mode: 'subscribe', status: 'verified', requestedAt: ago(3600), verifiedAt: ago(3600), leaseExpiresAt: ahead(10 * 86400 - 3600), attempts: 0, ...extra });
const want = { hub: HUB, topic: TOPIC };

describe('lease renewal timing', () => {
  it('renews a fifth of the lease early', () => {
    expect(renewAt({ verifiedAt: '2026-11-01T00:00:00.000Z', leaseExpiresAt: '2026-11-11T00:00:00.000Z' }, T)!.toISOString()).toBe('2026-11-09T00:00:00.000Z');
  });
  it('renews a short lease at least two manager runs before it lapses', () => {
    expect(renewAt({ verifiedAt: '2026-11-01T00:00:00.000Z', leaseExpiresAt: '2026-11-01T01:00:00.000Z' }, T)!.toISOString()).toBe('2026-11-01T00:30:00.000Z');
  });
  it('renews at once a lease shorter than two manager runs', () => {
    expect(renewAt({ verifiedAt: '2026-11-01T00:00:00.000Z', leaseExpiresAt: '2026-11-01T00:10:00.000Z' }, T)!.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
  it('backs off failures exponentially, capped at a day', () => {
    expect([1, 2, 3, 6, 10].map((n) => retryDelaySeconds(n, T))).toEqual([3600, 7200, 14400, 86400, 86400]);
  });
});

describe('what the manager does next', () => {
  it.each<[string, string, PushSubscription | undefined, typeof want | undefined]>([
    ['a feed announcing a hub, no subscription', 'subscribe', undefined, want],
    ['no hub, no subscription', 'none', undefined, undefined],
    ['verified, far from renewal', 'none', sub(), want],
    ['verified, past the renewal point', 'subscribe', sub({ requestedAt: ago(9 * 86400 + 10), verifiedAt: ago(9 * 86400), leaseExpiresAt: ahead(86400) }), want],
    ['verified, lease lapsed', 'subscribe', sub({ requestedAt: ago(10 * 86400), leaseExpiresAt: ago(60) }), want],
    ['renewal sent, awaiting verification', 'none', sub({ verifiedAt: ago(9 * 86400), leaseExpiresAt: ahead(86400), requestedAt: ago(60) }), want],
    ['requested, within the verify timeout', 'none', sub({ status: 'requested', requestedAt: ago(60), verifiedAt: undefined, leaseExpiresAt: undefined }), want],
    ['requested, never verified', 'expire-request', sub({ status: 'requested', requestedAt: ago(T.verifyTimeoutSeconds + 1), verifiedAt: undefined, leaseExpiresAt: undefined }), want],
    ['failed, backing off', 'none', sub({ status: 'failed', retryAt: ahead(60) }), want],
    ['failed, backoff over', 'subscribe', sub({ status: 'failed', retryAt: ago(1) }), want],
    ['the hub changed', 'subscribe', sub({ hub: 'https://old-hub.example/' }), want],
    ['the feed left the config (verified)', 'unsubscribe', sub(), undefined],
    ['the feed left the config (requested)', 'unsubscribe', sub({ status: 'requested' }), undefined],
    ['the feed left, lease lapsed', 'forget', sub({ leaseExpiresAt: ago(1) }), undefined],
    ['unsubscribe verified', 'forget', sub({ mode: 'unsubscribe', status: 'unsubscribed' }), undefined],
    ['unsubscribe pending', 'none', sub({ mode: 'unsubscribe', status: 'requested', requestedAt: ago(60) }), undefined],
    ['unsubscribe never verified', 'forget', sub({ mode: 'unsubscribe', status: 'requested', requestedAt: ago(T.verifyTimeoutSeconds + 1) }), undefined],
    ['unsubscribed, but the feed wants pushes again', 'subscribe', sub({ mode: 'unsubscribe', status: 'unsubscribed' }), want],
  ])('%s → %s', (_name, kind, s, w) => {
    expect(nextAction(s, w, now, T).kind).toBe(kind);
  });
});

describe('intent verification', () => {
  const requested = sub({ status: 'requested', verifiedAt: undefined, leaseExpiresAt: undefined, attempts: 2 });
  it('confirms the topic and mode we asked for, with the lease the hub granted', () => {
    expect(answerVerification(requested, { mode: 'subscribe', topic: TOPIC, challenge: 'abc', leaseSeconds: '3600' }, now, T)).toEqual({
      kind: 'confirm',
      challenge: 'abc',
      update: { status: 'verified', verifiedAt: now.toISOString(), leaseExpiresAt: ahead(3600), attempts: 0, retryAt: undefined, lastError: undefined, lastErrorAt: undefined },
    });
  });
  it('confirms a renewal of a verified subscription', () => {
    expect(answerVerification(sub(), { mode: 'subscribe', topic: TOPIC, challenge: 'x', leaseSeconds: '60' }, now, T)).toMatchObject({ kind: 'confirm', update: { leaseExpiresAt: ahead(60) } });
  });
  it('caps an absurd lease at a year', () => {
    expect(answerVerification(requested, { mode: 'subscribe', topic: TOPIC, challenge: 'x', leaseSeconds: '9999999999' }, now, T)).toMatchObject({ update: { leaseExpiresAt: ahead(365 * 86400) } });
  });
  it('confirms our unsubscribe request', () => {
    expect(answerVerification(sub({ mode: 'unsubscribe', status: 'requested' }), { mode: 'unsubscribe', topic: TOPIC, challenge: 'x' }, now, T)).toMatchObject({ kind: 'confirm', update: { status: 'unsubscribed' } });
  });
  it.each<[string, PushSubscription | undefined, Parameters<typeof answerVerification>[1]]>([
    ['no subscription requested', undefined, { mode: 'subscribe', topic: TOPIC, challenge: 'x' }],
    ['another topic', requested, { mode: 'subscribe', topic: 'https://evil.example/', challenge: 'x' }],
    ['another mode', requested, { mode: 'unsubscribe', topic: TOPIC, challenge: 'x' }],
    ['an unsubscribe we never asked for', sub(), { mode: 'unsubscribe', topic: TOPIC, challenge: 'x' }],
    ['a subscribe after we unsubscribed', sub({ mode: 'unsubscribe', status: 'unsubscribed' }), { mode: 'subscribe', topic: TOPIC, challenge: 'x' }],
    ['no challenge', requested, { mode: 'subscribe', topic: TOPIC }],
    ['an overlong challenge', requested, { mode: 'subscribe', topic: TOPIC, challenge: 'x'.repeat(2000) }],
    ['a zero lease', requested, { mode: 'subscribe', topic: TOPIC, challenge: 'x', leaseSeconds: '0' }],
  ])('refuses %s', (_name, s, request) => {
    expect(answerVerification(s, request, now, T).kind).toBe('refuse');
  });
  it('records a denial with its reason and a retry time', () => {
    expect(answerVerification(requested, { mode: 'denied', topic: TOPIC, reason: 'topic not found' }, now, T)).toEqual({
      kind: 'denied',
      update: { status: 'failed', lastError: 'the hub denied the subscription: topic not found', lastErrorAt: now.toISOString(), attempts: 3, retryAt: ahead(4 * 3600) },
    });
  });
});

describe('pushed or polled', () => {
  const feed = { hub: HUB, topic: TOPIC };
  it.each<[string, PushSubscription | undefined, { hub?: string; topic?: string; pollFoundNewAt?: string }, string]>([
    ['a verified lease on the hub the feed announces', sub(), feed, 'pushed'],
    ['no subscription', undefined, feed, 'not subscribed yet'],
    ['no hub', undefined, {}, 'no hub'],
    ['awaiting verification', sub({ status: 'requested' }), feed, 'verification'],
    ['the lease lapsed', sub({ leaseExpiresAt: ago(1) }), feed, 'lease lapsed'],
    ['the feed moved to another hub', sub(), { ...feed, hub: 'https://new-hub.example/' }, 'another hub'],
    ['a poll found items the hub never pushed', sub(), { ...feed, pollFoundNewAt: ago(60) }, 'went quiet'],
    ['a push was refused since the last good one', sub({ lastPushAt: ago(600), lastRefusalAt: ago(60), lastRefusal: 'mis-signed' }), feed, 'refused'],
  ])('%s', (_name, s, f, expected) => {
    const mode = deliveryMode(s, f, now);
    expect(mode.mode === 'pushed' ? 'pushed' : mode.reason).toContain(expected);
  });
  it('trusts the hub again once a push came after the refusal, or a renewal after the quiet poll', () => {
    expect(deliveryMode(sub({ lastPushAt: ago(10), lastRefusalAt: ago(60) }), feed, now).mode).toBe('pushed');
    expect(deliveryMode(sub({ verifiedAt: ago(10) }), { ...feed, pollFoundNewAt: ago(60) }, now).mode).toBe('pushed');
  });
});
