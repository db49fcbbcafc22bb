import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleFeedFiles } from '../../../infra/config/feeds.js';
import { redateSampleFeed } from '../../../infra/local/sample-dates.js';
import { parseFeedText } from '../../../shared/domain/feed/parse-feed.js';
import { nextPollAfterSuccess } from '../../../shared/domain/polling/schedule.js';

const samplesDir = path.resolve(import.meta.dirname, '../../../infra/config/sample-feeds');
const NOW = new Date('2031-03-10T12:00:00Z');

const nextPoll = (xml: string) => {
  const { feed, items } = parseFeedText(xml, { feedUrl: 'http://127.0.0.1:8780/samples/feed.xml' });
  return nextPollAfterSuccess({ now: NOW, ttlMinutes: feed.ttlMinutes, published: items.map((i) => i.published) });
};

describe('the sample feeds as the local runtime serves them', () => {
  it.each(sampleFeedFiles)('%s is polled like a live feed: within 15 minutes, from its publishing rate or ttl', async (file) => {
    const served = redateSampleFeed(await readFile(path.join(samplesDir, file), 'utf8'), NOW);
    const next = nextPoll(served);
    expect(next.intervalMinutes).toBeLessThanOrEqual(15);
    expect(['publishing-rate', 'ttl']).toContain(next.basis);
  });

  it('dates the newest item 10 minutes ago and each older one 20 minutes before the next, keeping their order', () => {
    const xml = `<rss version="2.0"><channel><title>t</title><lastBuildDate>Fri, 27 Nov 2026 06:00:00 GMT</lastBuildDate>
<item><title>b</title><guid>b</guid><pubDate>Wed, 25 Nov 2026 11:45:00 GMT</pubDate></item>
<item><title>a</title><guid>a</guid><pubDate>Fri, 27 Nov 2026 05:55:00 +0000</pubDate></item>
<item><title>c</title><guid>c</guid><pubDate>not a date</pubDate></item>
<item><title>d</title><guid>d</guid><pubDate>Wed, 25 Nov 2026 11:45:00 GMT</pubDate></item>
</channel></rss>`;
    const { items } = parseFeedText(redateSampleFeed(xml, NOW), { feedUrl: 'http://127.0.0.1/x.xml' });
    expect(Object.fromEntries(items.map((i) => [i.title, i.published]))).toEqual({
      a: '2031-03-10T11:30:00.000Z',
      b: '2031-03-10T11:10:00.000Z',
      c: undefined,
      d: '2031-03-10T11:10:00.000Z',
    });
    expect(redateSampleFeed(xml, NOW)).toContain('<lastBuildDate>Mon, 10 Mar 2031 11:50:00 GMT</lastBuildDate>');
  });

  it('moves an Atom feed and its entries alike', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id><updated>2026-11-27T09:00:00Z</updated>
<entry><title>new</title><id>urn:1</id><updated>2026-11-27T09:00:00Z</updated><published>2026-11-26T09:00:00Z</published></entry></feed>`;
    expect(redateSampleFeed(xml, NOW)).toBe(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id><updated>2031-03-10T11:50:00Z</updated>
<entry><title>new</title><id>urn:1</id><updated>2031-03-10T11:50:00Z</updated><published>2031-03-10T11:30:00Z</published></entry></feed>`);
  });
});
