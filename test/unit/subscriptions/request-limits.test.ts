import { describe, expect, it } from 'vitest';
import { linkToken } from '../../../shared/domain/subscription/links.js';
import { handleSubscriptionRequest } from '../../../shared/usecases/subscriptions/http-api.js';
import type { HttpRequest } from '../../../shared/usecases/subscriptions/http-types.js';
import { aSubscriber } from '../../support/factories.js';
import { harness } from './fixtures.js';

const limits = { pagesPerIp: { limit: 3, windowMinutes: 10 }, unsubscribePerIp: { limit: 2, windowMinutes: 10 } };

function request(method: string, target: string, sourceIp = '203.0.113.7', body = ''): HttpRequest {
  const url = new URL(target, 'https://news.example.org');
  return { method, path: url.pathname, query: url.searchParams, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, sourceIp };
}

function setup() {
  const h = harness([aSubscriber({ id: 'web-1', email: 'reader@example.org', channels: ['email'], status: 'active' })]);
  h.config.rateLimits = { ...h.config.rateLimits, ...limits };
  const send = async (req: HttpRequest) => (await handleSubscriptionRequest(h.web, req)).status;
  const token = () => linkToken(h.config, 'unsubscribe', 'web-1', h.clock.now());
  return { h, send, token };
}

/** Fills the network's pages bucket (limit 3). */
async function exhaustPages(send: (req: HttpRequest) => Promise<number>) {
  for (let i = 0; i < 3; i++) await send(request('GET', '/preferences?token=x'));
  expect(await send(request('GET', '/preferences?token=x'))).toBe(429);
}

describe('per-network limits on the subscription pages', () => {
  it('counts the confirm and preferences pages of one network together, with Retry-After; another network is not affected', async () => {
    const { h, send } = setup();
    const statuses = [];
    for (const target of ['/preferences?token=x', '/confirm?token=x', '/preferences?token=y', '/confirm?token=y']) statuses.push(await send(request('GET', target)));
    expect(statuses).toEqual([400, 400, 400, 429]);
    const limited = await handleSubscriptionRequest(h.web, request('POST', '/confirm', '203.0.113.7', 'token=x'));
    expect(limited).toMatchObject({ status: 429, headers: expect.objectContaining({ 'retry-after': '600' }) });
    expect(await send(request('GET', '/preferences?token=x', '198.51.100.1'))).toBe(400);
    h.clock.advance({ minutes: 10 });
    expect(await send(request('GET', '/preferences?token=x'))).toBe(400);
  });

  it('never counts the static form, which touches no store', async () => {
    const { h, send } = setup();
    const counted = () => [...h.rateLimiter.counts.values()].reduce((a, b) => a + b, 0);
    await exhaustPages(send);
    const before = counted();
    for (const target of ['/', '/subscribe', '/subscribe']) expect(await send(request('GET', target))).toBe(200);
    expect(counted()).toBe(before);
  });

  it('never counts a real unsubscribe link, however many: a person is never locked out of unsubscribing', async () => {
    const { h, send, token } = setup();
    await exhaustPages(send);
    // The pages' bucket is empty, and a mail provider posts one-click unsubscribes for many readers from one address.
    for (let i = 0; i < 20; i++) expect(await send(request('POST', `/unsubscribe?token=${encodeURIComponent(token())}`))).toBe(200);
    expect(await send(request('GET', `/unsubscribe?token=${encodeURIComponent(token())}`))).toBe(200);
    expect((await h.subscribers.get('web-1'))?.status).toBe('unsubscribed');
  });

  it('counts forged unsubscribe links in a bucket of their own, apart from the pages', async () => {
    const { send, token } = setup();
    expect([await send(request('POST', '/unsubscribe?token=forged')), await send(request('GET', '/unsubscribe?token=forged'))]).toEqual([400, 400]);
    expect(await send(request('POST', '/unsubscribe?token=forged'))).toBe(429);
    expect(await send(request('GET', '/preferences?token=x'))).toBe(400);
    expect(await send(request('POST', `/unsubscribe?token=${encodeURIComponent(token())}`))).toBe(200);
  });

  it('leaves subscribe posts to their own per-network and per-address limits', async () => {
    const { h, send } = setup();
    await exhaustPages(send);
    const form = 'email=new%40example.org&topics=csto&delivery=instant&timeZone=UTC';
    expect(await send(request('POST', '/subscribe', '203.0.113.7', form))).toBe(200);
    expect(h.mailer.to('new@example.org')).toHaveLength(1);
  });
});
