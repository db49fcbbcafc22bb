/**
 * Revocation takes effect with the deploy: publish-feeds' deploy trigger (a CloudFormation custom resource, which the
 * local runtime runs at start as a deploy would) rebuilds every feed and deletes what the config no longer calls for.
 * A revoked partner's private feeds are gone before any match or publish request, and were never cacheable.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
    expect(served.headers.get('cache-control')).toBe('private, no-store');
    expect((await fetch(`${system.url}/feeds/csto.xml`)).headers.get('cache-control')).toBe('public, max-age=300');
    expectOnlyAllowedCalls(system);
    await system.stop();

    system = await startTestSystem({ dataDir, config: stage(true) });
    expect((await privateFeed()).status).toBe(404);
    expect((await fetch(`${system.url}/feeds/private/${TOKEN}/`)).status).toBe(404);
    expect((await fetch(`${system.url}/feeds/csto.xml`)).status).toBe(200);
    expectOnlyAllowedCalls(system);
  });
});
