/**
 * Partner tokens and webhook keys through the deployed functions, locally: the local runtime puts each configured
 * partner's token into the partner-tokens parameter and each webhook receiver's key into the webhook-keys one (SSM
 * SecureStrings; the local config's inline value, else a generated one), publish-feeds and send-webhook read them
 * from there with the grants their roles have, every receiver's deliveries are signed with its own key, and a partner's private feeds
 * are served under its token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../shared/domain/delivery/webhook-signature.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const INLINE_KEY = 'inline-webhook-key-of-hook-b-0123456789';
const INLINE_TOKEN = 'aW5saW5lLXBhcnRuZXItdG9rZW4tb2YtZ2xvYmV4LTAx';
const feedXml = rssFeed({ title: 'Wire', items: [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' }] });

describe('partner tokens and webhook keys on the local runtime', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let system: TestSystem;
  const secretMap = (secret: 'partnerTokens' | 'webhookKeys') => JSON.parse(system.cloud.parameters.value(system.cloud.secretParameter(secret))!) as Record<string, string>;

  beforeAll(async () => {
    feeds = await startFeedServer({ '/wire.xml': { body: feedXml } });
    hooks = await startWebhookReceiver();
    const stage = testStage({
      feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }],
      subscribers: [
        { id: 'hook-a', webhookUrl: `${hooks.url}/a`, topics: ['csto'], channels: ['webhook'] },
        { id: 'hook-b', webhookUrl: `${hooks.url}/b`, webhookSecret: INLINE_KEY, topics: ['csto'], channels: ['webhook'] },
      ],
    });
    system = await startTestSystem({
      config: (urls) => ({
        ...stage(urls),
        partners: [
          { id: 'acme', topics: ['csto'] },
          { id: 'globex', token: INLINE_TOKEN, topics: ['csto'] },
          { id: 'gone', topics: ['csto'], revoked: true },
        ],
      }),
    });
  });

  afterAll(async () => {
    await system?.stop();
    await hooks?.close();
    await feeds?.close();
  });

  it('provisions a key per receiver and a token per active partner: inline values as given, the others generated', () => {
    const keys = secretMap('webhookKeys');
    expect(Object.keys(keys).sort()).toEqual(['hook-a', 'hook-b']);
    expect(keys['hook-a']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keys['hook-b']).toBe(INLINE_KEY);
    const tokens = secretMap('partnerTokens');
    expect(Object.keys(tokens).sort()).toEqual(['acme', 'globex']);
    expect(tokens.acme).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.globex).toBe(INLINE_TOKEN);
  });

  it('signs each receiver\'s delivery with its own key, which does not verify the other\'s', async () => {
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ matches: { csto: 1 }, webhooksSent: 2, parked: 0 });
    const keys = secretMap('webhookKeys');
    const delivery = (path: string) => hooks.received.find((r) => r.path === path)!;
    const verifies = (key: string, path: string) => verifyWebhookSignature(key, delivery(path).headers[SIGNATURE_HEADER.toLowerCase()] as string, delivery(path).body, Date.now() / 1000);
    expect([verifies(keys['hook-a']!, '/a'), verifies(keys['hook-b']!, '/b')]).toEqual([true, true]);
    expect([verifies(keys['hook-a']!, '/b'), verifies(keys['hook-b']!, '/a')]).toEqual([false, false]);
  });

  it('serves each active partner its feeds under its token', async () => {
    const tokens = secretMap('partnerTokens');
    for (const token of [tokens.acme!, tokens.globex!]) {
      const res = await fetch(`${system.url}/feeds/private/${token}/csto.xml`);
      expect(res.status, token).toBe(200);
      expect(await res.text()).toContain('CSTO leaders meet in Minsk');
    }
  });

  it('logs no partner token and no webhook key', () => {
    const logged = system.context.logs.since(0).map((line) => line.raw).join('\n');
    expect(logged).toContain('"message":"feeds published"');
    for (const value of [...Object.values(secretMap('partnerTokens')), ...Object.values(secretMap('webhookKeys'))]) expect(logged).not.toContain(value);
  });

  it('read the secrets through the functions\' own grants, and nothing else read them', () => {
    expectOnlyAllowedCalls(system);
    const reads = system.cloud.gateway.calls.filter((c) => c.action === 'ssm:GetParameter');
    const readers = (secret: 'partnerTokens' | 'webhookKeys') => {
      const arn = system.cloud.parameters.arnOf(system.cloud.secretParameter(secret));
      return [...new Set(reads.filter((c) => c.resource === arn).map((c) => c.principal))];
    };
    expect(readers('partnerTokens')).toEqual(['publish-feeds']);
    expect(readers('webhookKeys')).toEqual(['send-webhook']);
  });
});
