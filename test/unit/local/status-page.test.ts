import { describe, expect, it } from 'vitest';
import { columnChart, perDay } from '../../../infra/local/pages/column-chart.js';
import { humanTime, relativeTime } from '../../../infra/local/pages/human-time.js';
import { notFoundPage } from '../../../infra/local/pages/local-layout.js';
import { pollBasis, pollOutcome } from '../../../infra/local/pages/plain-words.js';
import { renderStatusPage, type StatusFigures } from '../../../infra/local/pages/status-page.js';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const HOSTILE = '<script>alert(1)</script>"&\'';

const figures = (over: Partial<StatusFigures> = {}): StatusFigures => ({
  now: NOW.toISOString(),
  dynamodb: 'http://127.0.0.1:4567',
  feeds: [
    {
      id: 'wire',
      url: 'http://127.0.0.1:1/samples/wire.xml',
      lastSuccessAt: '2026-12-04T11:57:00.000Z',
      lastPolledAt: '2026-12-04T11:57:00.000Z',
      lastStatus: '200',
      consecutiveFailures: 0,
      nextPollAt: '2026-12-05T11:57:00.000Z',
      nextPollBasis: 'no-recent-items',
      itemsSeen: 3,
    },
  ],
  topics: [{ id: 'csto', name: 'CSTO', matches: 3 }],
  matchTimes: { csto: ['2026-12-04T10:00:00.000Z', '2026-12-04T11:00:00.000Z', '2026-12-02T09:00:00.000Z'] },
  deliveryTimes: { email: ['2026-12-04T11:00:00.000Z'], telegram: [], webhook: [] },
  queues: { 'fan-out': { ready: 0, inFlight: 0, delayed: 0, dead: 0 } },
  deadLetters: [],
  senders: [],
  alarms: { firing: [], notMeasured: [] },
  notices: [],
  ...over,
});
const view = { urls: { app: 'http://127.0.0.1:1', ses: 'http://127.0.0.1:2', telegram: 'http://127.0.0.1:3' }, pollToken: 'tok', partners: [] };

describe('human times', () => {
  it('says how long ago or how soon, in the unit that reads well', () => {
    expect(relativeTime('2026-12-04T11:59:55.000Z', NOW)).toBe('just now');
    expect(relativeTime('2026-12-04T11:59:00.000Z', NOW)).toBe('60 s ago');
    expect(relativeTime('2026-12-04T11:57:00.000Z', NOW)).toBe('3 min ago');
    expect(relativeTime('2026-12-04T14:00:00.000Z', NOW)).toBe('in 2 h');
    expect(relativeTime('2026-11-27T12:00:00.000Z', NOW)).toBe('7 d ago');
  });

  it('keeps the exact instant in a <time> element', () => {
    expect(humanTime('2026-12-04T11:57:00Z', NOW).value).toBe('<time datetime="2026-12-04T11:57:00.000Z" title="2026-12-04T11:57:00.000Z">3 min ago</time>');
    expect(humanTime(undefined, NOW).value).toBe('never');
  });
});

describe('plain words for feed-state codes', () => {
  it('explains outcomes and schedule bases instead of showing the codes', () => {
    expect(pollOutcome('200')).toBe('fetched and read');
    expect(pollOutcome('410')).toBe('the server answered 410 Gone');
    expect(pollOutcome(undefined)).toBe('not polled yet');
    expect(pollBasis('no-recent-items')).toBe('no new items lately, so polled rarely');
  });
});

describe('the status page', () => {
  it('shows human times, plain words, the DynamoDB endpoint, and the page landmarks', () => {
    const page = renderStatusPage(figures(), view);
    expect(page).toContain('<time datetime="2026-12-04T11:57:00.000Z" title="2026-12-04T11:57:00.000Z">3 min ago</time>');
    expect(page).toContain('in 24 h');
    expect(page).toContain('no new items lately, so polled rarely');
    expect(page).not.toContain('no-recent-items');
    expect(page).toContain('<code>http://127.0.0.1:4567</code>');
    for (const landmark of ['<header', '<nav aria-label="Pages">', '<main', '<footer>']) expect(page).toContain(landmark);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<form method="post" action="/poll"><input type="hidden" name="feedId" value="wire"><input type="hidden" name="token" value="tok">');
  });

  it('charts matches per topic per day and deliveries per channel, with the numbers as text too', () => {
    const page = renderStatusPage(figures(), view);
    expect(page).toContain('<title id="topic-chart-0-t">CSTO: 3 matches in 7 days</title>');
    expect(page).toContain('<figcaption><strong>CSTO</strong>: 3 matches in 7 days (28 Nov: 0, 29 Nov: 0, 30 Nov: 0, 1 Dec: 0, 2 Dec: 1, 3 Dec: 0, 4 Dec: 2)</figcaption>');
    expect(page).toContain('<strong>email</strong>: 1 sent in 7 days');
    expect(page).not.toMatch(/<script/i);
  });

  it('escapes everything from feeds, topics, dead letters and notices, in tables and charts alike', () => {
    const page = renderStatusPage(
      figures({
        feeds: [{ id: HOSTILE, url: `javascript:${HOSTILE}`, lastError: HOSTILE, lastErrorAt: NOW.toISOString(), lastStatus: HOSTILE }],
        topics: [{ id: 'x', name: HOSTILE, matches: 1 }],
        matchTimes: { x: [NOW.toISOString()] },
        deadLetters: [{ queue: 'fan-out', reason: HOSTILE, body: { title: HOSTILE } }],
        notices: [{ at: NOW.toISOString(), subject: HOSTILE, message: HOSTILE }],
        alarms: { firing: [{ name: HOSTILE, value: 1, threshold: 0, description: HOSTILE }], notMeasured: [] },
      }),
      { ...view, notice: HOSTILE, partners: [{ id: HOSTILE, href: '/x' }] },
    );
    expect(page).not.toContain('<script>');
    expect(page).not.toContain(`"&'`);
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;');
    expect(page).toContain('<title id="topic-chart-0-t">&lt;script&gt;');
  });
});

describe('column charts', () => {
  it('counts instants per UTC day, oldest first, and ignores those outside the window', () => {
    expect(perDay(['2026-12-04T00:00:00Z', '2026-12-03T23:59:59Z', '2026-11-01T00:00:00Z', '2026-12-05T00:00:00Z'], NOW, 2)).toEqual([
      { label: '3 Dec', value: 1 },
      { label: '4 Dec', value: 1 },
    ]);
  });

  it('is an accessible SVG with an escaped title and no script', () => {
    const svg = columnChart({ name: '</title><script>x</script>', points: [{ label: 'a<b', value: 2 }] }, 'matches', 'c').value;
    expect(svg).toContain('role="img" aria-labelledby="c-t c-d"');
    expect(svg).toContain('<title id="c-t">&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;: 2 matches</title>');
    expect(svg).toContain('<desc id="c-d">a&lt;b: 2</desc>');
    expect(svg).not.toMatch(/<script/i);
  });
});

describe('the 404 page', () => {
  it('is a styled page in the local layout that names the path, escaped', () => {
    const page = notFoundPage('/<img src=x onerror=alert(1)>', { app: 'http://127.0.0.1:1' });
    expect(page).toContain('<title>Page not found – newshound</title>');
    expect(page).toContain('<style>');
    expect(page).toContain('<code>/&lt;img src=x onerror=alert(1)&gt;</code>');
    expect(page).toContain('<a href="http://127.0.0.1:1/">Go to the status page</a>');
    expect(page).not.toContain('<img');
  });
});

describe('how each feed gets its new items (WebSub)', () => {
  const feed = figures().feeds[0]!;
  it('says pushed, by which hub, until when, and counts pushes and refusals', () => {
    const html = renderStatusPage(figures({ feeds: [{ ...feed, websub: { delivery: 'pushed', hub: 'https://hub.example/', leaseExpiresAt: '2026-12-14T12:00:00.000Z', lastPushAt: '2026-12-04T11:59:00.000Z', pushes: 4, refused: 1, lastRefusal: 'mis-signed', lastRefusalAt: '2026-12-04T11:00:00.000Z' } }] }), view);
    expect(html).toContain('<td data-label="new items"><span class="ok">pushed</span> by https://hub.example/, lease until <time datetime="2026-12-14T12:00:00.000Z"');
    expect(html).toContain('4 pushes, last <time');
    expect(html).toContain('<span class="bad">1 refused</span> (last: mis-signed, <time');
  });

  it('says polled and why, escaping what a hub or feed wrote', () => {
    const html = renderStatusPage(figures({ feeds: [{ ...feed, websub: { delivery: 'polled', reason: `the hub denied the subscription: ${HOSTILE}`, hub: `https://hub.example/${HOSTILE}`, pushes: 0, refused: 0 } }] }), view);
    expect(html).toContain('polled: the hub denied the subscription: &lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('offers "Publish an article" only for the sample feeds served here', () => {
    expect(renderStatusPage(figures({ feeds: [{ ...feed, publishable: true }] }), view)).toContain('<form method="post" action="/samples/publish"><input type="hidden" name="feedId" value="wire"><input type="hidden" name="token" value="tok">');
    expect(renderStatusPage(figures(), view)).not.toContain('/samples/publish');
  });
});

describe('article pages in feed health (full text)', () => {
  const row = (html: string) => html.slice(html.indexOf('<tr><td>wire</td>'), html.indexOf('</tr>', html.indexOf('<tr><td>wire</td>')));
  it('says how many pages were used and how many fell back to the excerpt, with the last failure, escaped', () => {
    const html = renderStatusPage(figures({ feeds: [{ ...figures().feeds[0]!, pagesFetched: 12, pageFailures: 2, lastPageError: `HTTP 404 ${HOSTILE}`, lastPageErrorUrl: 'http://a.example/news/2026/story.html?x=1', lastPageErrorAt: '2026-12-04T11:50:00.000Z' }] }), view, NOW);
    const cells = row(html);
    expect(cells).toContain('article pages: 12 used, <span class="bad">2 fell back</span>');
    expect(cells).toContain('an article page fell back to the excerpt: HTTP 404 &lt;script&gt;');
    expect(cells).toContain('(<a href="http://a.example/news/2026/story.html?x=1">story.html</a>, <time datetime="2026-12-04T11:50:00.000Z"');
    expect(cells).not.toContain('<script>');
  });

  it('says nothing of pages for a feed that fetched none', () => {
    expect(row(renderStatusPage(figures(), view, NOW))).not.toContain('article page');
  });
});
