/**
 * Hostile feeds polled by the deployed poll-feed bundle on the local runtime, its parse worker bundled beside it: a feed
 * over a limit is refused with the limit in its health, one that costs items says so, and the feeds polled in the
 * same batch are stored as if it were not there.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url), 'utf8');
const wire = rssFeed({ title: 'Wire', link: 'https://wire.example/', items: [{ title: 'CSTO leaders meet', link: 'https://wire.example/csto', id: 'wire-1', published: new Date('2026-11-24T10:00:00Z') }] });

interface FeedHealth {
  id: string;
  lastStatus?: string;
  lastError?: string;
  consecutiveFailures?: number;
  itemsSeen?: number;
}

describe('hostile feeds in one poll batch', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let system: TestSystem;

  beforeAll(async () => {
    feeds = await startFeedServer({
      '/wire.xml': { body: wire },
      '/bomb.xml': { body: fixture('entity-expansion.xml') },
      '/tags.xml': { body: fixture('html-tag-run.xml') },
      '/long.xml': { body: fixture('oversized-fields.xml') },
      '/many.xml': { body: fixture('many-items.xml') },
    });
    system = await startTestSystem({
      config: testStage({ feeds: ['wire', 'bomb', 'tags', 'long', 'many'].map((id) => ({ id, url: `${feeds.url}/${id}.xml` })) }),
    });
  });

  afterAll(async () => {
    await system?.stop();
    await feeds?.close();
  });

  it('refuses the one over a limit with the limit named, keeps what the limits allow of the others', async () => {
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ feedsPolled: 5, matches: { csto: 1 } });

    const status = (await (await fetch(`${system.context.urls.app}/status.json`)).json()) as { feeds: FeedHealth[] };
    const health = (id: string) => status.feeds.find((f) => f.id === id)!;
    expect(health('wire')).toMatchObject({ consecutiveFailures: 0, itemsSeen: 1, lastStatus: '200' });
    expect(health('bomb')).toMatchObject({ consecutiveFailures: 1, lastStatus: 'too-large', lastError: expect.stringMatching(/entity references expand the document past \d+ characters \(the document size limit\)/) });
    // Its items share ids with long.xml's (same host, same guids): which feed stores them first is the batch's order.
    expect(health('tags')).toMatchObject({ consecutiveFailures: 0, lastStatus: '200' });
    expect(health('long')).toMatchObject({ consecutiveFailures: 0, lastStatus: 'item-too-large', lastError: 'refused 2 items with a link or id over 4096 characters (the link and id limit)' });
    expect(health('many')).toMatchObject({ consecutiveFailures: 0, itemsSeen: 500, lastStatus: 'too-many-items', lastError: 'kept the newest 500 of 600 items (the limit is 500 items per feed)' });

    const titles: string[] = [];
    for await (const page of system.context.stores.articles.scan()) titles.push(...page.map((a) => a.title));
    expect(titles).toContain('CSTO leaders meet');
    expectOnlyAllowedCalls(system);
  });
});
