import { readdir } from 'node:fs/promises';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import { type FeedItem, raw, type RawMarkup, rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const rss = (...items: (FeedItem | RawMarkup)[]) => rssFeed({ title: 'Loopback Wire', link: 'https://wire.example/', description: 'test', items });

// Markup and entities from the feed must reach readers escaped, and scripts nowhere.
const cstoItem: FeedItem = {
  title: 'CSTO & allies agree: 5 < 6 > 4',
  link: 'https://wire.example/csto-meeting',
  id: 'wire-1',
  published: new Date('2026-11-24T10:00:00Z'),
  description: raw('<![CDATA[<p>The <b>Collective Security Treaty Organization</b> met. <img src=x onerror="alert(2)"></p>]]>'),
};
const karabakhItem: FeedItem = { title: 'Talks on Nagorno-Karabakh returnees', link: 'https://wire.example/karabakh', id: 'wire-2', published: new Date('2026-11-24T11:00:00Z'), description: 'Negotiators met in Geneva.' };
const otherItem: FeedItem = { title: 'Wheat prices fall', link: 'https://wire.example/wheat', id: 'wire-3', published: new Date('2026-11-24T12:00:00Z'), description: 'Markets moved.' };

interface SesEmail {
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

describe('one local cycle through the deployed functions, end to end', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let system: TestSystem;

  beforeAll(async () => {
    feeds = await startFeedServer({ '/wire.xml': { body: rss(cstoItem, karabakhItem, otherItem) } });
    system = await startTestSystem({
      config: testStage({
        feeds: [
          { id: 'wire', url: `${feeds.url}/wire.xml` },
          { id: 'broken', url: `${feeds.url}/missing.xml` },
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

  it('polls, matches, stores, delivers by email and Telegram, and rebuilds the feeds; a broken feed does not stop the others', async () => {
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ feedsPolled: 2, newArticles: 3, matches: { csto: 1, 'nagorno-karabakh': 1 }, emailsSent: 2, telegramSent: 1 });
    expect(summary.feedErrors.map((e) => e.feedId)).toEqual(['broken']);

    // Stored articles.
    const stored: string[] = [];
    for await (const page of system.context.stores.articles.scan()) stored.push(...page.map((a) => a.title));
    // Every AWS call the functions made was allowed by their roles as synthesized.
    expectOnlyAllowedCalls(system);
    expect(stored.sort()).toEqual(['CSTO & allies agree: 5 < 6 > 4', 'Talks on Nagorno-Karabakh returnees', 'Wheat prices fall']);

    // Emails, as the local SES received them: the right recipient and subject, everything from the feed escaped.
    const { emails } = (await (await fetch(`${system.context.urls.ses}/store`)).json()) as { emails: SesEmail[] };
    expect(emails).toHaveLength(2);
    const csto = emails.find((e) => e.subject.includes('CSTO'))!;
    expect(csto.destination.to).toEqual(['reader@example.org']);
    expect(csto.subject).toContain('CSTO & allies agree: 5 < 6 > 4');
    expect(csto.body.html).toContain('CSTO &amp; allies agree: 5 &lt; 6 &gt; 4');
    expect(csto.body.html).not.toMatch(/<script|onerror=|<img/i);
    expect(csto.body.text).toContain('https://wire.example/csto-meeting');
    expect(emails.some((e) => e.subject.includes('Nagorno-Karabakh'))).toBe(true);

    // Telegram, as the stand-in received it: HTML parse mode, escaped.
    const [message] = system.telegram.sent();
    expect(message?.chatId).toBe('4242');
    expect(message?.html).toContain('CSTO &amp; allies agree: 5 &lt; 6 &gt; 4');
    expect(message?.text).not.toMatch(/alert\(2\)|onerror/);
    expect(message?.text).toContain('CSTO & allies agree: 5 < 6 > 4');

    // The outbox keeps a readable copy of everything sent.
    const outbox = await readdir(summary.outbox);
    expect(outbox.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(outbox.filter((f) => f.endsWith('.json'))).toHaveLength(1);

    // The rebuilt per-topic feed, as a partner's reader sees it.
    expect(summary.feedsWritten).toEqual(expect.arrayContaining(['feeds/csto.xml', 'feeds/csto.atom', 'feeds/csto.json']));
    const served = await fetch(`${system.context.urls.app}/feeds/csto.xml`);
    expect(served.status).toBe(200);
    const parsed = await new Parser().parseString(await served.text());
    expect(parsed.items.map((i) => i.title)).toEqual(['CSTO & allies agree: 5 < 6 > 4']);
    expect(parsed.items[0]?.link).toBe('https://wire.example/csto-meeting');

    // Feed health on the status page: the good feed succeeded, the broken one says why it failed.
    const status = (await (await fetch(`${system.context.urls.app}/status.json`)).json()) as {
      feeds: { id: string; lastSuccessAt?: string; lastError?: string; consecutiveFailures?: number; nextPollAt?: string }[];
      topics: { id: string; matches: number }[];
    };
    const wire = status.feeds.find((f) => f.id === 'wire')!;
    const broken = status.feeds.find((f) => f.id === 'broken')!;
    expect(wire).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: expect.any(String), nextPollAt: expect.any(String) });
    expect(broken).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringContaining('404') });
    expect(status.topics).toEqual(expect.arrayContaining([{ id: 'csto', name: 'CSTO', matches: 1 }]));
    const page = await (await fetch(`${system.context.urls.app}/`)).text();
    expect(page).toContain('<td>broken</td>');
    expect(page).toContain('Dead letters');
  });

  it('finds nothing new on the next cycle and sends nothing twice', async () => {
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ feedsPolled: 2, newArticles: 0, matches: {}, emailsSent: 0, telegramSent: 0, feedsWritten: [] });
    expect(system.telegram.sent()).toHaveLength(1);
  });

  it('alerts on an article the feed publishes later, once', async () => {
    feeds.files['/wire.xml'] = {
      body: rss({ title: 'ОДКБ проведёт учения', link: 'https://wire.example/odkb', id: 'wire-4', description: 'Учения пройдут в декабре.' }, cstoItem),
    };
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ newArticles: 1, matches: { csto: 1 }, emailsSent: 1, telegramSent: 1 });
    const csto = await (await fetch(`${system.url}/feeds/csto.json`)).text();
    expect((JSON.parse(csto) as { items: { title: string }[] }).items.map((i) => i.title)).toContain('ОДКБ проведёт учения');
  });

  it('cleans characters SQS refuses (U+FFFE, U+FFFF) where the feed enters, so the alert goes out and nothing is parked', async () => {
    feeds.files['/wire.xml'] = {
      // Characters XML cannot carry: raw, as a careless feed sends them.
      body: rss(raw('<item><title>CSTO \uFFFEsummit\uFFFF opens</title><link>https://wire.example/summit</link><guid>wire-5</guid><description><![CDATA[The Collective Security \uFFFETreaty Organization\uFFFF summit opened today.]]></description></item>')),
    };
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ newArticles: 1, matches: { csto: 1 }, emailsSent: 1, telegramSent: 1, parked: 0 });
    const [mail] = (await system.emailsTo('reader@example.org')).filter((e) => e.subject.includes('summit'));
    expect(mail?.subject).toContain('CSTO summit opens');
    expect(JSON.stringify(mail)).not.toMatch(/[\uFFFE\uFFFF]/);
    expectOnlyAllowedCalls(system);
  });
});
