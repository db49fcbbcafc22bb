/**
 * Shared partner feeds on the local topology: publish-feeds (its real bundle, its role's grants) writes each topic
 * once and keeps the feeds distribution's KeyValueStore of partner token hashes in sync through the gateway (SigV4A,
 * IAM-checked like every call); the CDN route runs the template's own CloudFront Function, so a partner's token URL
 * serves the shared public object, and anything else under feeds/private/ is the same 404. Revocation is in
 * deploy-trigger.test.ts (a restart with the partner revoked).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import type { StackTemplate } from '../../infra/local/aws/local-deployment.js';
import { partnerAccessKey } from '../../shared/domain/syndication/partner-access.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const ACME = 'c2hhcmVkLXBhcnRuZXItZmVlZHMtYWNtZS10b2tlbi0w';
const GLOBEX = 'c2hhcmVkLXBhcnRuZXItZmVlZHMtZ2xvYmV4LXRva2VuLTA';
const UNKNOWN = 'c2hhcmVkLXBhcnRuZXItZmVlZHMtdW5rbm93bi10b2tlbi0';
const feedXml = rssFeed({ title: 'Wire', items: [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' }] });

describe('shared partner feeds on the local runtime', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let system: TestSystem;
  const kvsCalls = () => system.cloud.gateway.calls.filter((c) => c.service === 'cloudfront-keyvaluestore');
  const get = (path: string) => fetch(`${system.url}${path}`);

  beforeAll(async () => {
    feeds = await startFeedServer({ '/wire.xml': { body: feedXml } });
    const stage = testStage({ feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }] });
    system = await startTestSystem({
      config: (urls) => ({
        ...stage(urls),
        partners: [
          { id: 'acme', token: ACME, topics: ['csto'] },
          { id: 'globex', token: GLOBEX, topics: ['nagorno-karabakh'] },
        ],
      }),
    });
    await runCycle(system);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await feeds?.close();
  });

  it('serves a partner its topic as the shared public object', async () => {
    const [shared, partner] = await Promise.all([get('/feeds/csto.xml'), get(`/feeds/private/${ACME}/csto.xml`)]);
    expect(partner.status).toBe(200);
    const body = await partner.text();
    expect(body).toContain('CSTO leaders meet in Minsk');
    expect(body).toBe(await shared.text());
    expect(partner.headers.get('etag')).toBe(shared.headers.get('etag'));
    expect(partner.headers.get('cache-control')).toBe('public, max-age=300');
    // Its own index page lists its token URLs.
    const index = await get(`/feeds/private/${ACME}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain(`/feeds/private/${ACME}/csto.xml`);
  });

  it.each([
    ['a topic outside the partner\'s scope', `/feeds/private/${ACME}/nagorno-karabakh.xml`],
    ['another partner\'s topic', `/feeds/private/${GLOBEX}/csto.json`],
    ['an unknown token', `/feeds/private/${UNKNOWN}/csto.xml`],
    ['an unknown token\'s index page', `/feeds/private/${UNKNOWN}/index.html`],
  ])('answers the same 404 for %s', async (_case, path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Not found\n');
  });

  it('syncs the token table through the gateway with publish-feeds\' grant on that one store, holding token hashes only', () => {
    expectOnlyAllowedCalls(system);
    const store = system.cloud.deployment.keyValueStores[0]!.arn;
    expect(kvsCalls().map((c) => [c.principal, c.action, c.resource])).toEqual([
      ['publish-feeds', 'cloudfront-keyvaluestore:DescribeKeyValueStore', store],
      ['publish-feeds', 'cloudfront-keyvaluestore:ListKeys', store],
      ['publish-feeds', 'cloudfront-keyvaluestore:UpdateKeys', store],
    ]);
    expect(system.cloud.keyValueStores.get(store, partnerAccessKey(ACME))).toBe('csto');
    expect(system.cloud.keyValueStores.get(store, partnerAccessKey(GLOBEX))).toBe('nagorno-karabakh');
    expect(system.cloud.keyValueStores.get(store, ACME)).toBeUndefined();
  });

  it('calls the token table no more while the partners stay the same', async () => {
    const before = kvsCalls().length;
    expect(await system.cloud.runDeployTriggers()).toEqual([expect.objectContaining({ Status: 'SUCCESS' })]);
    await runCycle(system);
    expect(kvsCalls()).toHaveLength(before);
    expectOnlyAllowedCalls(system);
  });

  it('logs no partner token', () => {
    const logged = system.context.logs.since(0).map((line) => line.raw).join('\n');
    for (const token of [ACME, GLOBEX]) expect(logged).not.toContain(token);
  });
});

/** Takes one action out of the statements of a function's role policies. */
function removeAction(stacks: StackTemplate[], fnPrefix: string, action: string): number {
  let removed = 0;
  for (const { template } of stacks) {
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy' || !id.startsWith(`${fnPrefix}Role`)) continue;
      for (const statement of (resource.Properties!.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement) {
        const actions = [statement.Action].flat();
        if (!actions.includes(action)) continue;
        statement.Action = actions.filter((a) => a !== action);
        removed++;
      }
    }
  }
  return removed;
}

describe('the token table\'s grant, checked like every other', () => {
  let system: TestSystem | undefined;
  afterAll(async () => {
    await system?.stop();
  });

  it('denies publish-feeds an update of the store its role may no longer update, and the partner stays out', { timeout: 180_000 }, async () => {
    let removed = 0;
    system = await startTestSystem({
      config: (urls) => ({ ...testStage({ feeds: [] })(urls), partners: [{ id: 'acme', token: ACME, topics: ['csto'] }] }),
      editTemplates: (stacks) => (removed = removeAction(stacks, 'PublishFeeds', 'cloudfront-keyvaluestore:UpdateKeys')),
    });
    expect(removed).toBe(1);
    const store = system.cloud.deployment.keyValueStores[0]!.arn;
    expect(() => expectOnlyAllowedCalls(system!)).toThrow(`publish-feeds may not cloudfront-keyvaluestore:UpdateKeys on ${store}`);
    expect(system.cloud.keyValueStores.get(store, partnerAccessKey(ACME))).toBeUndefined();
    expect((await fetch(`${system.url}/feeds/private/${ACME}/csto.xml`)).status).toBe(404);
    expect((await fetch(`${system.url}/feeds/csto.xml`)).status).toBe(200);
  });
});
