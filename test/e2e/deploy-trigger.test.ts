/**
 * Revocation takes effect with the deploy: publish-feeds' deploy trigger (a CloudFormation custom resource, which the
 * local runtime runs at start as a deploy would) rebuilds every feed, deletes what the config no longer calls for and
 * removes the revoked partner's token hash from the feeds distribution's KeyValueStore. Its token URLs are refused
 * before any match or publish request, although the topic feeds they served are the public objects, cached or not:
 * every partner request passes the token check.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { partnerAccessKey } from '../../shared/domain/syndication/partner-access.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const TOKEN = 'ZGVwbG95LXRyaWdnZXItcGFydG5lci10b2tlbi0wMDE';
const stage = (revoked: boolean) => testStage({ feeds: [], partners: [{ id: 'acme', token: TOKEN, topics: ['csto'], ...(revoked ? { revoked: true } : {}) }] });

describe('the deploy trigger of publish-feeds', () => {
  let system: TestSystem | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await system?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("builds a new partner's feeds as the deploy ends, and deletes a revoked partner's as the next deploy ends", { timeout: 180_000 }, async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-deploy-'));
    system = await startTestSystem({ dataDir, config: stage(false) });
    const privateFeed = () => fetch(`${system!.url}/feeds/private/${TOKEN}/csto.xml`);
    const served = await privateFeed();
    expect(served.status).toBe(200);
    // The shared public object: cacheable, as every request passes the token check first.
    expect(served.headers.get('cache-control')).toBe('public, max-age=300');
    expect(served.headers.get('etag')).toBe((await fetch(`${system.url}/feeds/csto.xml`)).headers.get('etag'));
    expect((await fetch(`${system.url}/feeds/private/${TOKEN}/`)).headers.get('cache-control')).toBe('private, no-store');
    const store = system.cloud.deployment.keyValueStores[0]!.arn;
    expect(system.cloud.keyValueStores.get(store, partnerAccessKey(TOKEN))).toBe('csto');
    expectOnlyAllowedCalls(system);
    await system.stop();

    system = await startTestSystem({ dataDir, config: stage(true) });
    expect(system.cloud.keyValueStores.get(store, partnerAccessKey(TOKEN))).toBeUndefined();
    expect((await privateFeed()).status).toBe(404);
    expect((await fetch(`${system.url}/feeds/private/${TOKEN}/`)).status).toBe(404);
    expect((await fetch(`${system.url}/feeds/csto.xml`)).status).toBe(200);
    // The deleted index page of the revoked partner is logged without its token.
    const logged = system.context.logs.since(0).map((line) => line.raw).join('\n');
    expect(logged).toContain('feeds/private/<token>/index.html');
    expect(logged).not.toContain(TOKEN);
    expectOnlyAllowedCalls(system);
  });
});
