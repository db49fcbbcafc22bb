/**
 * WebSub on the local topology: the sample feed announces the local hub stand-in; websub-subscribe subscribes with a
 * callback on the local HTTP API; the hub verifies it (websub-callback answers the challenge); a published article
 * is pushed, queued (in the poll message when it fits, else stored in the inbox bucket), ingested by poll-feed and
 * alerted once. A forged push is answered
 * 2xx and ignored; a lapsed lease hands the feed back to polling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFeeds } from '../../infra/config/feeds.js';
import { publishSample } from '../../infra/local/routes/publish-route.js';
import { signHubBody } from '../../shared/domain/websub/signature.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({
    config: (urls) => ({
      ...testStage({ feeds: sampleFeeds(urls.samplesBaseUrl).filter((f) => f.id === 'world-wire'), subscribers: [{ id: 'desk', email: 'desk@example.org', topics: ['csto'], channels: ['email'] }] })(urls),
    }),
  });
  // Queues consumed as deployed; no schedule fires: the test runs each scheduled function itself.
  system.cloud.lambda.start({ schedules: false });
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

const scheduled = (name: string, input: Record<string, unknown> = {}) => system.cloud.lambda.invoke(name, { scheduledTime: new Date().toISOString(), ...input });
const subjects = async () => (await system.emailsTo('desk@example.org')).map((m) => m.subject);
const inboxCalls = () => system.cloud.gateway.calls.filter((c) => c.service === 's3' && /inbox\//.test(String(c.resource)));
/** What poll-feed logged for each pushed body it ingested. */
const pushedIngests = () => system.context.logs.since(0).filter((l) => l.raw.includes('"ingested a pushed body"')).map((l) => JSON.parse(l.raw) as { status: string; newArticles: number });
const hubSubscription = () => [...system.context.hub.subscriptions.values()].find((s) => s.topic.endsWith('/samples/world-wire.xml'));

describe('WebSub on the local topology', () => {
  it('subscribes to the hub the feed announces, gets verified, and alerts a pushed article once, within one queue hop', { timeout: 180_000 }, async () => {
    // A first poll finds the hub (the sample feeds' Link header) and alerts the written articles.
    expect(await system.cloud.lambda.invoke('dispatch-polls', { force: true })).toMatchObject({ ok: true, result: { dispatched: 1 } });
    await system.cloud.lambda.drain();
    const state = (await system.context.stores.feedStates.get('world-wire'))!;
    expect(state.hub).toBe(`${system.url}/hub`);
    // Its self URL is the URL polled: the topic, not stored twice.
    expect(state.url).toBe(`${system.url}/samples/world-wire.xml`);
    expect(state.selfUrl).toBeUndefined();

    expect(await scheduled('websub-subscribe')).toMatchObject({ ok: true, result: { subscribed: 1 } });
    await system.context.hub.settled();
    const sub = (await system.context.stores.pushSubscriptions.get('world-wire'))!;
    expect(sub).toMatchObject({ status: 'verified', mode: 'subscribe', hub: `${system.url}/hub`, topic: `${system.url}/samples/world-wire.xml` });
    expect(Date.parse(sub.leaseExpiresAt!)).toBeGreaterThan(Date.now() + 9 * 24 * 3600_000);
    // The callback names the feed and an unguessable token; the secret is the hub's and ours, stored by neither table nor env.
    expect(hubSubscription()!.callback).toMatch(new RegExp(`^${system.url}/websub\\?feed=world-wire&token=[A-Za-z0-9_-]{43}$`));
    expect(JSON.stringify(sub)).not.toContain(hubSubscription()!.secret);

    // A scheduled dispatch leaves the pushed feed alone even when its own schedule says it is due.
    await system.context.stores.feedStates.put({ ...(await system.context.stores.feedStates.get('world-wire'))!, nextPollAt: new Date(Date.now() - 60_000).toISOString() });
    expect(await scheduled('dispatch-polls')).toMatchObject({ ok: true, result: { dispatched: 0 } });

    const before = await subjects();
    const inboxBefore = inboxCalls().length;
    const published = await publishSample(system.context, 'world-wire', 'CSTO holds snap air-defence drills near Yerevan');
    await system.context.hub.settled();
    expect(system.context.hub.events.find((e) => e.kind === 'push' || e.kind === 'push-failed')).toMatchObject({ kind: 'push', detail: 'callback answered 202' });
    await system.cloud.lambda.drain();
    // The feed fits in the poll message: the inbox bucket is neither written nor read.
    expect(pushedIngests().at(-1)).toMatchObject({ status: 'ok', newArticles: 1 });
    expect(inboxCalls().slice(inboxBefore)).toEqual([]);
    const after = await subjects();
    expect(after.length - before.length).toBe(1);
    expect(after.filter((s) => s.includes(published.title))).toHaveLength(1);
    expect(await system.context.stores.pushSubscriptions.get('world-wire')).toMatchObject({ pushes: 1 });
    expect((await system.context.stores.feedStates.get('world-wire'))!.lastPushAt).toBeDefined();

    // The same feed pushed again (a hub retrying, or pinged twice): nothing new is alerted.
    system.context.hub.request(new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': `${system.url}/samples/world-wire.xml` }));
    await system.context.hub.settled();
    await system.cloud.lambda.drain();
    expect(await subjects()).toEqual(after);
    expect(await system.context.stores.pushSubscriptions.get('world-wire')).toMatchObject({ pushes: 2 });

    const page = await (await fetch(`${system.url}/`)).text();
    expect(page).toContain('<span class="ok">pushed</span> by');
    expectOnlyAllowedCalls(system);
  });

  it('stores a push too large for the poll message in the inbox bucket, and poll-feed ingests it from there', { timeout: 120_000 }, async () => {
    const { callback, secret } = hubSubscription()!;
    const inboxBefore = inboxCalls().length;
    const ingestsBefore = pushedIngests().length;
    const title = 'CSTO summit agrees a joint air-defence command';
    // A real feed with one long item: over what fits in a poll message, under the push cap.
    const long = 'The summit in Minsk ended with a communique. '.repeat(5000);
    const feed = await (await fetch(`${system.url}/samples/world-wire.xml`)).text();
    const body = Buffer.from(feed.replace('<item>', `<item><title>${title}</title><guid>large-push-1</guid><link>https://example.org/large-push-1</link><description>${long}</description></item><item>`));
    expect(body.length).toBeGreaterThan(200 * 1024);
    const answer = await fetch(callback, { method: 'POST', headers: { 'content-type': 'application/rss+xml', 'x-hub-signature': signHubBody(body, secret) }, body });
    expect(answer.status).toBe(202);
    await system.cloud.lambda.drain();
    expect(pushedIngests().slice(ingestsBefore)).toEqual([expect.objectContaining({ status: 'ok', newArticles: 1 })]);
    expect(inboxCalls().slice(inboxBefore).map((c) => [c.principal, c.action, c.allowed])).toEqual([
      ['websub-callback', 's3:PutObject', true],
      ['poll-feed', 's3:GetObject', true],
    ]);
    expectOnlyAllowedCalls(system);
  });

  it('answers a forged or unsigned push 2xx but ingests nothing, counts it, and 404s a callback with a wrong token', { timeout: 120_000 }, async () => {
    const { callback } = hubSubscription()!;
    const before = await subjects();
    const forgedBody = Buffer.from((await (await fetch(`${system.url}/samples/world-wire.xml`)).text()).replace('<item>', '<item><title>CSTO forged story</title><guid>forged-1</guid></item><item>'));
    const post = (headers: Record<string, string>, url = callback) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/rss+xml', ...headers }, body: forgedBody });
    expect((await post({ 'x-hub-signature': signHubBody(forgedBody, 'not-the-secret') })).status).toBe(202);
    expect((await post({})).status).toBe(202);
    expect((await post({ 'x-hub-signature': signHubBody(forgedBody, hubSubscription()!.secret) }, callback.replace(/token=[^&]+/, 'token=guessed'))).status).toBe(404);
    expect((await fetch(`${callback}&hub.mode=subscribe&hub.topic=${encodeURIComponent('https://evil.example/feed')}&hub.challenge=c&hub.lease_seconds=60`)).status).toBe(404);
    await system.cloud.lambda.drain();
    expect(await subjects()).toEqual(before);
    const sub = (await system.context.stores.pushSubscriptions.get('world-wire'))!;
    expect(sub.refused).toBe(3);
    expect(sub.lastRefusal).toContain('verification');
    const page = await (await fetch(`${system.url}/`)).text();
    expect(page).toContain('3 refused');
  });

  it('publishes from the status page\'s button only with its origin and token', { timeout: 60_000 }, async () => {
    const token = /name="token" value="([^"]+)"/.exec(await (await fetch(`${system.url}/`)).text())![1]!;
    const post = (form: Record<string, string>, headers: Record<string, string> = { origin: system.url }) =>
      fetch(`${system.url}/samples/publish`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
    expect((await post({ feedId: 'world-wire', token }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ feedId: 'world-wire' })).status).toBe(403);
    expect((await post({ feedId: 'nope', token })).status).toBe(400);
    const ok = await post({ feedId: 'world-wire', token });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/?published=world-wire');
    await system.context.hub.settled();
    const feed = await (await fetch(`${system.url}/samples/world-wire.xml`)).text();
    expect(feed.match(/<item>/g)!.length).toBeGreaterThan(3);
    await system.cloud.lambda.drain();
  });

  it('hands the feed back to polling when the lease lapses', { timeout: 120_000 }, async () => {
    const state = (await system.context.stores.feedStates.get('world-wire'))!;
    await system.context.stores.feedStates.put({ ...state, nextPollAt: new Date(Date.now() - 60_000).toISOString() });
    await system.context.stores.pushSubscriptions.update('world-wire', { leaseExpiresAt: new Date(Date.now() - 1000).toISOString(), refused: 0, lastRefusal: undefined, lastRefusalAt: undefined });
    expect(await scheduled('dispatch-polls')).toMatchObject({ ok: true, result: { dispatched: 1 } });
    await system.cloud.lambda.drain();
    expect((await system.context.stores.feedStates.get('world-wire'))!.pollNumber).toBeGreaterThan(state.pollNumber ?? 0);
    expect(await (await fetch(`${system.url}/`)).text()).toContain('polled: the lease lapsed');
    // The manager asks the hub again.
    expect(await scheduled('websub-subscribe')).toMatchObject({ ok: true, result: { subscribed: 1 } });
    await system.context.hub.settled();
    expect(await system.context.stores.pushSubscriptions.get('world-wire')).toMatchObject({ status: 'verified' });
    expectOnlyAllowedCalls(system);
  });
});
