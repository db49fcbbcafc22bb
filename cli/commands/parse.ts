/**
 * `newshound parse <file-or-url> [--content-type TYPE] [--json]`: decode, parse and normalise one
 * feed exactly as polling does (on a parse worker, within the same limits), and print what newshound
 * would store. Exit 0 when parsed, 2 with a one-line reason on stderr when rejected (a limit names
 * itself); never takes longer than 15 s.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { GuardedHttpFetcher } from '../../shared/adapters/http/guarded-fetcher.js';
import { WorkerFeedParser } from '../../shared/adapters/worker-threads/worker-feed-parser.js';
import { FeedParseError } from '../../shared/domain/feed/feed-parse-error.js';

export const summary = 'Decode, parse and normalise one feed file or URL and print the result';

const GIVE_UP_MS = 15_000;
/** Never less than this for the parse itself, whatever the fetch left. */
const MIN_PARSE_MS = 500;
const MAX_BYTES = 10 * 1024 * 1024;

const usage = `Usage: newshound parse <file-or-url> [--content-type TYPE] [--json] [--allow-loopback]

Reads a feed file (or fetches an http(s) URL through the guarded fetcher), decodes, parses and
normalises it, and prints {"feed": {...}, "items": [{"id", "title", "link", "published", "summary"}]}.

  --content-type TYPE  the HTTP Content-Type to assume (charset and JSON detection), e.g. "text/xml; charset=koi8-r"
  --json               print one line of JSON (default: indented JSON)
  --allow-loopback     allow URLs on 127.0.0.1 / ::1 (local sample feeds)

Feeds are parsed as polling parses them: on a worker thread, stopped at the deadline or when it needs more than
128 MB, keeping the newest 500 items; a limit that cost items is said on stderr.

Exit codes: 0 parsed; 2 rejected (not a feed, malformed, too large, too deep, timeout, unreachable, gave up after 15 s).`;

class Rejected extends Error {}

async function load(target: string, contentType: string | undefined, allowLoopback: boolean, deadline: number) {
  if (/^https?:\/\//i.test(target)) {
    const fetcher = new GuardedHttpFetcher({ allowLoopback, timeoutMs: Math.max(1000, deadline - Date.now() - 1000), maxBytes: MAX_BYTES });
    const result = await fetcher.fetch({ url: target });
    if (result.status !== 'ok') {
      const reason = result.status === 'error' ? result.reason : result.status === 'gone' ? 'HTTP 410 Gone' : 'HTTP 304 without a conditional request';
      throw new Rejected(`fetch failed: ${reason}`);
    }
    return { bytes: result.body, contentType: contentType ?? result.headers['content-type'], feedUrl: result.finalUrl, contentLocation: result.headers['content-location'] };
  }
  const path = resolve(target);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new Rejected(`no such file: ${target}`);
  if (info.size > MAX_BYTES) throw new Rejected(`too large: ${info.size} bytes (cap ${MAX_BYTES})`);
  return { bytes: new Uint8Array(await readFile(path)), contentType, feedUrl: pathToFileURL(path).href, contentLocation: undefined };
}

export async function run(argv: string[]): Promise<number> {
  let values: { 'content-type'?: string; json?: boolean; help?: boolean; 'allow-loopback'?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'content-type': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false }, 'allow-loopback': { type: 'boolean', default: false } },
    }));
  } catch (error) {
    console.error(`newshound parse: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error('newshound parse: give exactly one file or URL (see --help)');
    return 2;
  }
  const deadline = Date.now() + GIVE_UP_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Made once the fetch is done: the parse gets what is left of the command's time.
  const parsers: WorkerFeedParser[] = [];
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Rejected(`gave up after ${GIVE_UP_MS / 1000} s (the command's time limit)`)), GIVE_UP_MS);
    timer.unref();
  });
  try {
    const work = (async () => {
      const source = await load(positionals[0]!, values['content-type'], !!values['allow-loopback'], deadline);
      const parser = new WorkerFeedParser({ maxWorkers: 1, deadlineMs: Math.max(MIN_PARSE_MS, deadline - Date.now()) });
      parsers.push(parser);
      return parser.parse({ bytes: source.bytes, contentType: source.contentType, feedUrl: source.feedUrl, contentLocation: source.contentLocation });
    })();
    const { parsed, encoding, decodeWarnings } = await Promise.race([work, giveUp]);
    const warnings = [...decodeWarnings, ...(parsed.warnings ?? [])];
    const output = {
      feed: { ...parsed.feed, format: parsed.format, encoding, ...(warnings.length ? { warnings } : {}) },
      items: parsed.items.map((i) => ({ id: i.id, title: i.title, link: i.link, published: i.published, summary: i.summary, ...(i.author ? { author: i.author } : {}), ...(i.guid ? { guid: i.guid } : {}) })),
    };
    console.log(values.json ? JSON.stringify(output) : JSON.stringify(output, null, 2));
    for (const limit of parsed.limitsHit ?? []) console.error(`newshound parse: ${limit.status}: ${limit.message}`);
    return 0;
  } catch (error) {
    const reason = error instanceof FeedParseError ? `${error.reason}: ${error.message}` : error instanceof Error ? error.message : String(error);
    console.error(`newshound parse: rejected: ${reason.replace(/\s+/g, ' ')}`);
    return 2;
  } finally {
    clearTimeout(timer);
    await Promise.all(parsers.map((p) => p.close()));
  }
}
