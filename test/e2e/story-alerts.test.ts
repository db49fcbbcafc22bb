import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import { type FeedItem, rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

// One wire story carried by two outlets under the same headline; later, a third copy that also names Karabakh.
const HEADLINE = 'CSTO council meets in Minsk to agree on air defence';
const WIRE_LINK = 'https://wire.example/csto-council';
const DAILY_LINK = 'https://daily.example/news/csto-council?ref=wire&src=rss';
const wireCopy: FeedItem = { title: HEADLINE, link: WIRE_LINK, id: 'wire-1', published: new Date('2026-11-24T10:00:00Z'), description: 'The Collective Security Treaty Organization council met on Monday.' };
const dailyCopy: FeedItem = { title: HEADLINE, link: DAILY_LINK, id: 'daily-1', published: new Date('2026-11-24T10:20:00Z'), description: 'Council members of the CSTO met; the wire reports.' };
const followUp: FeedItem = { title: HEADLINE, link: 'https://post.example/csto-council', id: 'post-1', published: new Date('2026-11-24T11:00:00Z'), description: 'In its ninth paragraph the CSTO statement names Nagorno-Karabakh.' };

describe('one alert per story and topic, through the deployed functions', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let system: TestSystem;

  beforeAll(async () => {
    feeds = await startFeedServer({
      '/wire.xml': { body: rssFeed({ title: 'World Wire', link: 'https://wire.example/', items: [wireCopy] }) },
      '/daily.xml': { body: rssFeed({ title: 'Daily <Courier> & Co', link: 'https://daily.example/', items: [dailyCopy] }) },
      '/post.xml': { body: rssFeed({ title: 'Evening Post', link: 'https://post.example/', items: [] }) },
    });
    system = await startTestSystem({
      config: testStage({
        feeds: [
          { id: 'wire', url: `${feeds.url}/wire.xml` },
          { id: 'daily', url: `${feeds.url}/daily.xml` },
          { id: 'post', url: `${feeds.url}/post.xml` },
        ],
        subscribers: [
          { id: 'reader', email: 'reader@example.org', topics: ['csto', 'nagorno-karabakh'], channels: ['email'], mode: 'instant', timeZone: 'UTC' },
          { id: 'officer', telegramChatId: '4242', topics: ['csto'], channels: ['telegram'], mode: 'instant', timeZone: 'UTC' },
        ],
      }),
    });
  });

  afterAll(async () => {
    await system?.stop();
    await feeds?.close();
  });

  it("two outlets' copies of a story: both matched and stored, one alert per subscriber, one feed item listing both", async () => {
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ newArticles: 2, matches: { csto: 2 }, alertedStories: { csto: 1 }, emailsSent: 1, telegramSent: 1, parked: 0 });
    expect(await system.emailsTo('reader@example.org')).toHaveLength(1);
    expect(system.telegram.sent()).toHaveLength(1);

    const feed = await new Parser().parseString(await (await fetch(`${system.url}/feeds/csto.xml`)).text());
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item!.title).toBe(HEADLINE);
    // Both copies were polled in one cycle: whichever was seen first leads, the other is listed, escaped.
    expect([WIRE_LINK, DAILY_LINK]).toContain(item!.link);
    const content = (item as { 'content:encoded'?: string })['content:encoded']!;
    expect(content).toContain('<p>Also reported by:</p>');
    if (item!.link === WIRE_LINK) expect(content).toContain(`<li><a href="${DAILY_LINK.replace(/&/g, '&amp;')}">Daily &lt;Courier&gt; &amp; Co</a>: ${HEADLINE}</li>`);
    else expect(content).toContain(`<li><a href="${WIRE_LINK}">World Wire</a>: ${HEADLINE}</li>`);
    expectOnlyAllowedCalls(system);
  });

  it('a later article of the story alerts only a topic the story had not matched, and joins its feed item', async () => {
    type JsonFeed = { items: { id: string; date_modified: string; content_html: string }[] };
    const cstoFeed = async () => (await (await fetch(`${system.url}/feeds/csto.json`)).json()) as JsonFeed;
    const [before] = (await cstoFeed()).items;
    feeds.files['/post.xml'] = { body: rssFeed({ title: 'Evening Post', link: 'https://post.example/', items: [followUp] }) };
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ newArticles: 1, matches: { csto: 1, 'nagorno-karabakh': 1 }, alertedStories: { 'nagorno-karabakh': 1 }, emailsSent: 1, telegramSent: 0, parked: 0 });
    const mails = await system.emailsTo('reader@example.org');
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.subject).filter((s) => s.includes('Nagorno'))).toHaveLength(1);
    expect(system.telegram.sent()).toHaveLength(1);

    // The csto item keeps its id, is updated, and lists the new coverage.
    const after = (await cstoFeed()).items;
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(before!.id);
    expect(Date.parse(after[0]!.date_modified)).toBeGreaterThan(Date.parse(before!.date_modified));
    expect(after[0]!.content_html).toContain('<a href="https://post.example/csto-council">Evening Post</a>');
    expectOnlyAllowedCalls(system);
  });
});
