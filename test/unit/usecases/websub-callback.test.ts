import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pollRequestedSchema } from '../../../shared/domain/message-schemas.js';
import type { PollRequested } from '../../../shared/domain/messages.js';
import { callbackToken, hubSecret } from '../../../shared/domain/websub/callback-keys.js';
import { signHubBody } from '../../../shared/domain/websub/signature.js';
import { DEFAULT_WEBSUB_TIMING, type PushSubscription } from '../../../shared/domain/websub/subscription.js';
import { handleWebSubCallback } from '../../../shared/usecases/websub/websub-callback.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryPushInbox } from '../../support/memory-push-inbox.js';
import { MemoryPushSubscriptions } from '../../support/memory-push-subscriptions.js';
import { MemoryQueue } from '../../support/memory-stores.js';

const MASTER = 'websub-master-key-for-tests';
const HUB = 'https://hub.example/';
const TOPIC = 'https://site.example/feed';
const secret = hubSecret(MASTER, 'wire', HUB, TOPIC);
const body = Buffer.from('<rss><channel><item><guid>1</guid><title>CSTO</title></item></channel></rss>');

function setup(sub?: Partial<PushSubscription>, maxBodyBytes = 1024) {
  const clock = new ManualClock();
  const subscriptions = new MemoryPushSubscriptions();
  if (sub) void subscriptions.put({ feedId: 'wire', hub: HUB, topic: TOPIC, mode: 'subscribe', status: 'verified', requestedAt: clock.now().toISOString(), verifiedAt: clock.now().toISOString(), leaseExpiresAt: '2026-12-01T00:00:00.000Z', attempts: 0, ...sub });
  const inbox = new MemoryPushInbox();
  const pollQueue = new MemoryQueue<PollRequested>('poll', clock.now);
  const deps = { feeds: [{ id: 'wire', url: TOPIC }], subscriptions, inbox, pollQueue, clock, masterKey: async () => MASTER, config: { timing: DEFAULT_WEBSUB_TIMING, maxBodyBytes } };
  const query = (extra: Record<string, string> = {}, feed = 'wire', token = callbackToken(MASTER, feed)) => new URLSearchParams({ feed, token, ...extra });
  const push = (headers: Record<string, string>, q = query(), bytes: Uint8Array = body) => handleWebSubCallback(deps, { method: 'POST', query: q, headers: { 'content-type': 'application/rss+xml', ...headers }, body: bytes });
  const verify = (extra: Record<string, string>, q = query(extra)) => handleWebSubCallback(deps, { method: 'GET', query: q, headers: {}, body: new Uint8Array() });
  return { clock, subscriptions, inbox, pollQueue, push, verify, query, queued: () => [...pollQueue.messages.values()].map((m) => m.body) };
}

describe('the WebSub callback', () => {
  it('queues a correctly signed push that fits in the message for poll-feed, in the message, before answering 2xx', async () => {
    const t = setup({});
    const answer = await t.push({ 'x-hub-signature': signHubBody(body, secret) });
    expect(answer).toMatchObject({ status: 202, outcome: 'pushed', feedId: 'wire' });
    const [message] = t.queued();
    expect(message).toEqual({ feedId: 'wire', pushed: { body: body.toString('base64'), contentType: 'application/rss+xml' } });
    expect(pollRequestedSchema.safeParse(message).success).toBe(true);
    expect(t.inbox.objects.size).toBe(0);
    expect(await t.subscriptions.get('wire')).toMatchObject({ pushes: 1, lastPushAt: t.clock.now().toISOString() });
  });

  it('stores a push too large for the message in the inbox and queues its key', async () => {
    const t = setup({}, 1024 * 1024);
    // Bytes that are not text: the inbox keeps them exactly.
    const large = randomBytes(200 * 1024);
    expect(await t.push({ 'x-hub-signature': signHubBody(large, secret) }, t.query(), large)).toMatchObject({ status: 202, outcome: 'pushed' });
    const [message] = t.queued();
    expect(message).toEqual({ feedId: 'wire', pushed: { key: expect.stringMatching(/^inbox\/wire\//), contentType: 'application/rss+xml' } });
    const pushed = message!.pushed as { key: string };
    expect(Buffer.from(t.inbox.objects.get(pushed.key)!.body).equals(large)).toBe(true);
  });

  it('answers 5xx (the hub delivers again) and counts no push when the poll message cannot be sent', async () => {
    const t = setup({});
    t.pollQueue.send = () => Promise.reject(new Error('SQS unavailable'));
    await expect(t.push({ 'x-hub-signature': signHubBody(body, secret) })).rejects.toThrow('SQS unavailable');
    expect(await t.subscriptions.get('wire')).not.toHaveProperty('pushes');
  });

  it.each([
    ['unsigned', {}, /unsigned/],
    ['mis-signed', { 'x-hub-signature': signHubBody(body, 'a guess') }, /mis-signed/],
    ['signed with the secret of another topic', { 'x-hub-signature': signHubBody(body, hubSecret(MASTER, 'wire', HUB, 'https://other.example/')) }, /mis-signed/],
  ])('answers an %s push 2xx (as WebSub allows) but stores and queues nothing, and counts it', async (_name, headers, reason) => {
    const t = setup({});
    const answer = await t.push(headers);
    expect(answer.status).toBe(202);
    expect(answer.outcome).toMatch(reason);
    expect(t.queued()).toEqual([]);
    expect(t.inbox.objects.size).toBe(0);
    expect(await t.subscriptions.get('wire')).toMatchObject({ refused: 1, lastRefusal: expect.stringMatching(reason) });
  });

  it('404s a callback with a wrong token or for an unknown feed, touching nothing', async () => {
    const t = setup({});
    for (const q of [t.query({}, 'wire', 'guessed'), t.query({}, 'wire', ''), t.query({}, 'other')]) {
      expect(await t.push({ 'x-hub-signature': signHubBody(body, secret) }, q)).toMatchObject({ status: 404, outcome: 'refused: unknown callback' });
    }
    expect(t.queued()).toEqual([]);
    expect(await t.subscriptions.get('wire')).not.toHaveProperty('refused');
  });

  it('refuses a push for a subscription we never asked for, or one we cancelled', async () => {
    expect(await setup().push({ 'x-hub-signature': signHubBody(body, secret) })).toMatchObject({ status: 404 });
    const cancelled = setup({ mode: 'unsubscribe', status: 'unsubscribed' });
    expect(await cancelled.push({ 'x-hub-signature': signHubBody(body, secret) })).toMatchObject({ status: 404 });
    expect(cancelled.queued()).toEqual([]);
  });

  it('refuses a push over the size cap', async () => {
    const t = setup({});
    const big = Buffer.alloc(2048, 'a');
    expect(await t.push({ 'x-hub-signature': signHubBody(big, secret) }, t.query(), big)).toMatchObject({ status: 413 });
    expect(t.queued()).toEqual([]);
  });

  it('echoes the challenge for the topic and mode we asked for, and records the lease', async () => {
    const t = setup({ status: 'requested', verifiedAt: undefined, leaseExpiresAt: undefined });
    const answer = await t.verify({ 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': 'c-123', 'hub.lease_seconds': '86400' });
    expect(answer).toMatchObject({ status: 200, body: 'c-123', headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
    expect(await t.subscriptions.get('wire')).toMatchObject({ status: 'verified', leaseExpiresAt: '2026-11-21T10:00:00.000Z' });
  });

  it('404s a verification for another topic or mode, and counts it', async () => {
    const t = setup({ status: 'requested' });
    expect(await t.verify({ 'hub.mode': 'subscribe', 'hub.topic': 'https://evil.example/', 'hub.challenge': 'c' })).toMatchObject({ status: 404, body: '' });
    expect(await t.verify({ 'hub.mode': 'unsubscribe', 'hub.topic': TOPIC, 'hub.challenge': 'c' })).toMatchObject({ status: 404, body: '' });
    expect(await t.subscriptions.get('wire')).toMatchObject({ status: 'requested', refused: 2 });
  });

  it('records a hub\'s denial', async () => {
    const t = setup({ status: 'requested' });
    expect(await t.verify({ 'hub.mode': 'denied', 'hub.topic': TOPIC, 'hub.reason': 'not allowed' })).toMatchObject({ status: 200, outcome: 'denied' });
    expect(await t.subscriptions.get('wire')).toMatchObject({ status: 'failed', lastError: 'the hub denied the subscription: not allowed' });
  });
});
