/**
 * The local stage as `npm start` runs it (infra/config's localConfigInput, here with a feed of the test's own instead
 * of the samples, as `--feeds FILE --no-samples` gives): besides the seeded email and Telegram subscribers, a webhook
 * receiver the local runtime serves itself and a partner whose private feeds the status page links.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localConfigInput } from '../../infra/config/index.js';
import { pollNow } from '../../infra/local/poll-now.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, type TestSystem } from './support/local-system.js';

let system: TestSystem;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;

beforeAll(async () => {
  feeds = await startFeedServer({ '/wire.xml': { body: rssFeed({ title: 'Wire', items: [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' }] }) } });
  system = await startTestSystem({ config: (urls) => localConfigInput(urls, { samples: false, feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }] }) });
  system.cloud.lambda.start({ schedules: false });
  expect(await pollNow(system.cloud)).toBe(1);
  await system.cloud.lambda.drain();
}, 180_000);
afterAll(async () => {
  await system?.stop();
  await feeds?.close();
});

describe('the local stage', () => {
  it('delivers signed webhooks to its own receiver, which shows them and keeps a copy in outbox/', async () => {
    expect(system.context.webhookDeliveries).toEqual([expect.objectContaining({ subscriberId: 'sample-webhook', verified: true, body: expect.stringContaining('CSTO leaders meet in Minsk') })]);
    const page = await (await fetch(`${system.url}/webhooks/inbox`)).text();
    expect(page).toContain('<td>sample-webhook</td><td>verified</td>');
    expect(page).toContain('CSTO leaders meet in Minsk');
    expect((await readdir(system.context.outboxDir)).filter((f) => f.includes('-webhook-sample-webhook'))).toHaveLength(1);
    expectOnlyAllowedCalls(system);
  });

  it('refuses a delivery whose signature does not verify, and shows it as such', async () => {
    const forged = await fetch(`${system.url}/webhooks/inbox/sample-webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-newshound-signature': 't=1,v1=00' }, body: '{"title":"<b>forged</b>"}' });
    expect(forged.status).toBe(401);
    const page = await (await fetch(`${system.url}/webhooks/inbox`)).text();
    expect(page).toContain('<td>sample-webhook</td><td>does not verify</td>');
    expect(page).not.toContain('<b>forged</b>');
    // A web page cannot post to it (browsers send an Origin with every cross-site post).
    const fromPage = await fetch(`${system.url}/webhooks/inbox/sample-webhook`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, body: 'junk' });
    expect(fromPage.status).toBe(403);
    expect(system.context.webhookDeliveries.filter((d) => d.body === 'junk')).toEqual([]);
  });

  it("links the sample partner's private feeds from the status page", async () => {
    const status = await (await fetch(`${system.url}/`)).text();
    const href = /Partner sample-partner's private feeds: <a href="([^"]+)"/.exec(status)?.[1];
    expect(href).toMatch(/^\/feeds\/private\/[A-Za-z0-9_-]{32,}\/index\.html$/);
    const index = await fetch(`${system.url}${href}`);
    expect(index.status).toBe(200);
    const listing = await index.text();
    expect(listing).toContain('csto');
    // Its feed links go through the token check to the shared objects.
    const feed = new RegExp(`${href!.replace('/index.html', '')}/[a-z0-9-]+\\.xml`).exec(listing)?.[0];
    expect(feed).toBeDefined();
    const served = await fetch(`${system.url}${feed}`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(await (await fetch(`${system.url}/feeds/${feed!.slice(feed!.lastIndexOf('/') + 1)}`)).text());
  });
});
