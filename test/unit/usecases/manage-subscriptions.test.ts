import { describe, expect, it } from 'vitest';
import type { FeedSource, FeedState } from '../../../shared/domain/feed-source.js';
import { callbackToken, hubSecret } from '../../../shared/domain/websub/callback-keys.js';
import { DEFAULT_WEBSUB_TIMING } from '../../../shared/domain/websub/subscription.js';
import type { HubAnswer } from '../../../shared/ports/hub-client.js';
import { manageSubscriptions } from '../../../shared/usecases/websub/manage-subscriptions.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryPushSubscriptions } from '../../support/memory-push-subscriptions.js';
import { MemoryFeedStateStore } from '../../support/memory-stores.js';

const MASTER = 'master';
const HUB = 'https://hub.example/';
const state = (feedId: string, extra: Partial<FeedState> = {}): FeedState => ({ feedId, url: `https://${feedId}.example/feed`, consecutiveFailures: 0, itemsSeen: 0, hub: HUB, ...extra });

function setup(feeds: FeedSource[], states: FeedState[], answer: (form: Record<string, string>) => HubAnswer = () => ({ accepted: true, status: 202 }), config: { allowPlainHttpHubs?: boolean; enabled?: boolean } = {}) {
  const clock = new ManualClock();
  const feedStates = new MemoryFeedStateStore();
  for (const s of states) feedStates.items.set(s.feedId, s);
  const subscriptions = new MemoryPushSubscriptions();
  const requests: { hub: string; form: Record<string, string> }[] = [];
  const deps = {
    feeds,
    feedStates,
    subscriptions,
    clock,
    masterKey: async () => MASTER,
    hub: { request: async (hub: string, form: Record<string, string>) => (requests.push({ hub, form }), answer(form)) },
    config: { enabled: config.enabled ?? true, publicBaseUrl: 'https://api.example', callbackPath: '/websub', timing: DEFAULT_WEBSUB_TIMING, ...(config.allowPlainHttpHubs ? { allowPlainHttpHubs: true } : {}) },
  };
  return { clock, subscriptions, requests, run: () => manageSubscriptions(deps) };
}

describe('manageSubscriptions', () => {
  it('subscribes a feed that announces a hub, with its callback, secret and lease, once', async () => {
    const t = setup([{ id: 'wire', url: 'https://wire.example/feed' }], [state('wire', { selfUrl: 'https://wire.example/self' })]);
    expect(await t.run()).toEqual([{ feedId: 'wire', action: 'subscribe', reason: 'the feed announces a hub', outcome: 'accepted (HTTP 202)' }]);
    expect(t.requests).toEqual([
      {
        hub: HUB,
        form: {
          'hub.mode': 'subscribe',
          'hub.topic': 'https://wire.example/self',
          'hub.callback': `https://api.example/websub?feed=wire&token=${callbackToken(MASTER, 'wire')}`,
          'hub.secret': hubSecret(MASTER, 'wire', HUB, 'https://wire.example/self'),
          'hub.lease_seconds': String(10 * 24 * 3600),
        },
      },
    ]);
    expect(await t.subscriptions.get('wire')).toMatchObject({ status: 'requested', mode: 'subscribe', topic: 'https://wire.example/self' });
    // Awaiting the hub's verification: nothing more.
    expect(await t.run()).toEqual([]);
  });

  it('leaves feeds without a hub, disabled ones and plain-http hubs alone (unless allowed, as locally)', async () => {
    const feeds = [{ id: 'none', url: 'https://none.example/feed' }, { id: 'off', url: 'https://off.example/feed', enabled: false }, { id: 'gone', url: 'https://gone.example/feed' }, { id: 'plain', url: 'https://plain.example/feed' }];
    const states = [state('none', { hub: undefined }), state('off'), state('gone', { disabled: true }), state('plain', { hub: 'http://hub.example/' })];
    expect(await setup(feeds, states).run()).toEqual([]);
    expect((await setup(feeds, states, undefined, { allowPlainHttpHubs: true }).run()).map((m) => m.feedId)).toEqual(['plain']);
    expect(await setup(feeds, states.map((s) => ({ ...s, hub: HUB, disabled: false })), undefined, { enabled: false }).run()).toEqual([]);
  });

  it('records a hub that answers garbage, backs off, and asks again after the backoff', async () => {
    const t = setup([{ id: 'wire', url: 'https://wire.example/feed' }], [state('wire')], () => ({ accepted: false, status: 500, reason: 'hub answered HTTP 500: <html>oops' }));
    expect(await t.run()).toMatchObject([{ action: 'subscribe', outcome: 'hub answered HTTP 500: <html>oops' }]);
    expect(await t.subscriptions.get('wire')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'hub answered HTTP 500: <html>oops', retryAt: '2026-11-20T11:00:00.000Z' });
    t.clock.advance({ minutes: 30 });
    expect(await t.run()).toEqual([]);
    t.clock.advance({ minutes: 31 });
    expect(await t.run()).toMatchObject([{ action: 'subscribe' }]);
    expect(await t.subscriptions.get('wire')).toMatchObject({ attempts: 2, retryAt: '2026-11-20T13:01:00.000Z' });
  });

  it('marks a request the hub never verified as failed, so the next run retries after the backoff', async () => {
    const t = setup([{ id: 'wire', url: 'https://wire.example/feed' }], [state('wire')]);
    await t.run();
    t.clock.advance({ minutes: 61 });
    expect(await t.run()).toMatchObject([{ action: 'expire-request' }]);
    expect(await t.subscriptions.get('wire')).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('did not verify') });
  });

  it('renews a verified lease before it lapses, keeping it verified meanwhile', async () => {
    const t = setup([{ id: 'wire', url: 'https://wire.example/feed' }], [state('wire')]);
    await t.subscriptions.put({ feedId: 'wire', hub: HUB, topic: 'https://wire.example/feed', mode: 'subscribe', status: 'verified', requestedAt: '2026-11-10T09:00:00.000Z', verifiedAt: '2026-11-10T10:00:00.000Z', leaseExpiresAt: '2026-11-20T10:00:00.000Z', attempts: 0 });
    t.clock.set('2026-11-17T00:00:00.000Z');
    expect(await t.run()).toEqual([]);
    t.clock.set('2026-11-18T10:00:01.000Z');
    expect(await t.run()).toMatchObject([{ action: 'subscribe', reason: 'renew the lease' }]);
    expect(await t.subscriptions.get('wire')).toMatchObject({ status: 'verified', requestedAt: '2026-11-18T10:00:01.000Z' });
    expect(await t.run()).toEqual([]);
  });

  it('unsubscribes a feed removed from the config, then forgets it', async () => {
    const t = setup([], []);
    await t.subscriptions.put({ feedId: 'old', hub: HUB, topic: 'https://old.example/feed', mode: 'subscribe', status: 'verified', requestedAt: '2026-11-19T00:00:00.000Z', verifiedAt: '2026-11-19T00:00:00.000Z', leaseExpiresAt: '2026-11-29T00:00:00.000Z', attempts: 0 });
    expect(await t.run()).toMatchObject([{ feedId: 'old', action: 'unsubscribe' }]);
    expect(t.requests[0]!.form).toEqual({ 'hub.mode': 'unsubscribe', 'hub.topic': 'https://old.example/feed', 'hub.callback': `https://api.example/websub?feed=old&token=${callbackToken(MASTER, 'old')}` });
    expect(await t.subscriptions.get('old')).toMatchObject({ mode: 'unsubscribe', status: 'requested' });
    await t.subscriptions.update('old', { status: 'unsubscribed' });
    expect(await t.run()).toMatchObject([{ feedId: 'old', action: 'forget' }]);
    expect(await t.subscriptions.get('old')).toBeUndefined();
  });
});
