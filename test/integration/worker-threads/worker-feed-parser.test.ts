/**
 * The parse worker pool on real threads. The real worker (started from the TypeScript source, as the CLI starts it)
 * parses and refuses feeds; stand-in workers that never answer or exhaust their heap show what the pool does with a
 * parse it must stop: the feed is refused with the limit named, the worker replaced, batch-mates unaffected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerFeedParser } from '../../../shared/adapters/worker-threads/worker-feed-parser.js';
import type { WorkerScript } from '../../../shared/adapters/worker-threads/worker-script.js';
import { FeedParseError } from '../../../shared/domain/feed/feed-parse-error.js';
import type { FeedBody } from '../../../shared/domain/feed/read-feed.js';
import { rssFeed } from '../../support/feed-builder.js';

const body = (text: string, feedUrl = 'https://example.test/feed'): FeedBody => ({ bytes: new TextEncoder().encode(text), contentType: 'application/rss+xml', feedUrl });
const feed = rssFeed({ title: 'Ordinary', link: 'https://example.test/', items: [{ id: 'one', title: 'CSTO summit', link: 'https://example.test/1', published: new Date('2026-11-20T10:00:00Z'), description: 'Talks' }] });

/**
 * A stand-in worker speaking the pool's protocol: a body whose URL ends in /spin never gets an answer (synchronous
 * work that never ends), /hog allocates until the heap limit kills the thread, anything else is answered at once.
 */
const standIn: WorkerScript = {
  eval: true,
  filename: `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ id, body }) => {
      if (body.feedUrl.endsWith('/spin')) for (;;);
      if (body.feedUrl.endsWith('/hog')) { const hoard = []; for (;;) hoard.push(new Array(100000).fill(hoard.length)); }
      parentPort.postMessage({ id, ok: true, feed: { parsed: { feed: { title: body.feedUrl }, items: [] }, encoding: 'utf-8', decodeWarnings: [] } });
    });
    parentPort.postMessage({ ready: true });`,
};

const parsers: WorkerFeedParser[] = [];
const pool = (options: ConstructorParameters<typeof WorkerFeedParser>[0]) => {
  const parser = new WorkerFeedParser(options);
  parsers.push(parser);
  return parser;
};
afterEach(async () => {
  await Promise.all(parsers.splice(0).map((p) => p.close()));
});

async function refusal(promise: Promise<unknown>): Promise<FeedParseError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FeedParseError);
  return error as FeedParseError;
}

describe('WorkerFeedParser with the real parse worker', () => {
  it('parses a feed as polling does', async () => {
    const read = await pool({ maxWorkers: 1 }).parse(body(feed));
    expect(read.encoding).toBe('utf-8');
    expect(read.parsed.feed.title).toBe('Ordinary');
    expect(read.parsed.items.map((i) => i.title)).toEqual(['CSTO summit']);
  });

  it('refuses a feed over a limit with the reason, and goes on parsing on the same worker', async () => {
    const parser = pool({ maxWorkers: 1, limits: { maxChars: 1000 } });
    const error = await refusal(parser.parse(body(`${feed}<!--${'x'.repeat(2000)}-->`)));
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/the limit is 1000/);
    expect((await parser.parse(body(feed))).parsed.items).toHaveLength(1);
  });
});

describe('WorkerFeedParser stops what a worker cannot finish', () => {
  it('terminates a parse at its deadline and refuses the feed as timeout; the next parse gets a new worker', async () => {
    const parser = pool({ maxWorkers: 1, deadlineMs: 300, script: standIn });
    const error = await refusal(parser.parse(body(feed, 'https://example.test/spin')));
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe('parsing took longer than 300 ms (the parse time limit)');
    expect((await parser.parse(body(feed, 'https://example.test/after'))).parsed.feed.title).toBe('https://example.test/after');
  });

  it('refuses a parse that needs more than its heap as too-large, and the process lives on', async () => {
    const parser = pool({ maxWorkers: 1, memoryMb: 16, deadlineMs: 60_000, script: standIn });
    const error = await refusal(parser.parse(body(feed, 'https://example.test/hog')));
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe('parsing needed more than 16 MB of memory (the parse memory limit)');
    expect((await parser.parse(body(feed, 'https://example.test/after'))).parsed.feed.title).toBe('https://example.test/after');
  });

  it('batch-mates of a feed that runs to its deadline are parsed on the other worker', async () => {
    const parser = pool({ maxWorkers: 2, deadlineMs: 2000, script: standIn });
    const stuck = refusal(parser.parse(body(feed, 'https://example.test/spin')));
    const mates = await Promise.all(['a', 'b', 'c'].map((n) => parser.parse(body(feed, `https://example.test/${n}`))));
    expect(mates.map((m) => m.parsed.feed.title)).toEqual(['https://example.test/a', 'https://example.test/b', 'https://example.test/c']);
    expect((await stuck).reason).toBe('timeout');
  });
});
