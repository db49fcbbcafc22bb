/**
 * Poll now from the local status page: each feed's "Poll now" button posts to /poll, which invokes dispatch-polls
 * with {"force": true} as `newshound poll` does; poll-feed then polls the feed whatever next-poll time its state
 * holds. The form works only from the status page's own origin and with its token. The sample feeds are served dated
 * as news.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeedText } from '../../shared/domain/feed/parse-feed.js';
import { rssFeed, type FeedItem } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const DAY_MS = 24 * 3600 * 1000;
const old = new Date('2026-11-23T08:15:00Z');
const items: FeedItem[] = [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto-minsk', id: 'w-1', published: old }];
const wire = () => rssFeed({ title: 'Wire', items });

let system: TestSystem;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;

beforeAll(async () => {
  feeds = await startFeedServer({ '/wire.xml': { body: wire() } });
  system = await startTestSystem({
    config: testStage({
      feeds: [
        { id: 'wire', url: `${feeds.url}/wire.xml` },
        { id: 'off', url: `${feeds.url}/off.xml`, enabled: false },
      ],
      subscribers: [{ id: 'desk', email: 'desk@example.org', topics: ['csto'], channels: ['email'] }],
    }),
  });
  // Queues consumed as deployed; no schedule fires, so only the buttons poll.
  system.cloud.lambda.start({ schedules: false });
}, 180_000);
afterAll(async () => {
  await system?.stop();
  await feeds?.close();
});

const statusPage = async () => (await fetch(`${system.url}/`)).text();
const tokenOn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const post = (form: Record<string, string>, headers: Record<string, string> = { origin: system.url }) =>
  fetch(`${system.url}/poll`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
const pollNumber = async () => (await system.context.stores.feedStates.get('wire'))?.pollNumber ?? 0;

describe('"Poll now" on the local status page', () => {
  it('polls the feed now, even when its stored next poll is days away, and the new article reaches the inbox', { timeout: 180_000 }, async () => {
    const html = await statusPage();
    expect(html).toContain('<form method="post" action="/poll"><input type="hidden" name="feedId" value="wire">');
    const token = tokenOn(html);
    expect(token.length).toBeGreaterThanOrEqual(40);

    const first = await post({ feedId: 'wire', token });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/?polled=wire');
    await system.cloud.lambda.drain();
    expect(await pollNumber()).toBe(1);
    expect((await system.emailsTo('desk@example.org')).map((m) => m.subject).join('\n')).toContain('CSTO leaders meet in Minsk');

    // The feed publishes; its stored next poll is three days away (an old run's "no recent items"), so a scheduled
    // dispatch finds nothing due.
    items.unshift({ title: 'CSTO summit moves to Astana', link: 'https://wire.example/csto-astana', id: 'w-2', published: new Date() });
    feeds.files['/wire.xml'] = { body: wire() };
    const state = (await system.context.stores.feedStates.get('wire'))!;
    await system.context.stores.feedStates.put({ ...state, nextPollAt: new Date(Date.now() + 3 * DAY_MS).toISOString(), nextPollBasis: 'no-recent-items' });
    const scheduled = await system.cloud.lambda.invoke('dispatch-polls', { scheduledTime: new Date().toISOString() });
    expect(scheduled).toMatchObject({ ok: true, result: { dispatched: 0 } });

    const again = await post({ feedId: 'wire', token: tokenOn(await statusPage()) });
    expect(again.status).toBe(303);
    await system.cloud.lambda.drain();
    expect(await pollNumber()).toBe(2);
    const after = (await system.context.stores.feedStates.get('wire'))!;
    expect(after).toMatchObject({ lastStatus: '200', lastNewItemsAt: after.lastPolledAt });
    expect(Date.parse(after.nextPollAt!)).toBeLessThan(Date.now() + DAY_MS);
    const emails = await system.emailsTo('desk@example.org');
    expect(emails.map((m) => m.subject).join('\n')).toContain('CSTO summit moves to Astana');

    expect(await (await fetch(`${system.url}/?polled=wire`)).text()).toContain('<p role="status"><strong>Poll of wire queued: it runs now, whatever its next-poll time.');
    expectOnlyAllowedCalls(system);
  });

  it('refuses a post from another origin, without the token or with a wrong one, and names an unknown feed', { timeout: 60_000 }, async () => {
    const token = tokenOn(await statusPage());
    const before = await pollNumber();
    const refusals = [
      await post({ feedId: 'wire', token }, {}),
      await post({ feedId: 'wire', token }, { origin: 'http://evil.example' }),
      await post({ feedId: 'wire', token }, { origin: 'null' }),
      await post({ feedId: 'wire' }),
      await post({ feedId: 'wire', token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await refusals[3]!.text()).toContain('token is missing or stale');
    const unknown = await post({ feedId: '<nope>', token });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toBe('unknown feed "<nope>"; configured feeds: wire, off\n');
    expect((await fetch(`${system.url}/poll`)).status).toBe(405);
    const disabled = await post({ feedId: 'off', token });
    expect(disabled.headers.get('location')).toBe('/?disabled=off');
    await system.cloud.lambda.drain();
    expect(await pollNumber()).toBe(before);
    // Only configured feeds are named on the page; anything else in the query is ignored, never echoed.
    expect(await (await fetch(`${system.url}/?polled=%3Cscript%3E`)).text()).not.toContain('<script>');
  });

  it('serves the sample feeds dated as news: the newest item minutes old', async () => {
    const res = await fetch(`${system.url}/samples/world-wire.xml`);
    const { items: served } = parseFeedText(await res.text(), { feedUrl: `${system.url}/samples/world-wire.xml` });
    const newest = Math.max(...served.map((i) => Date.parse(i.published!)));
    expect(Date.now() - newest).toBeGreaterThan(5 * 60_000);
    expect(Date.now() - newest).toBeLessThan(60 * 60_000);
  });
});
