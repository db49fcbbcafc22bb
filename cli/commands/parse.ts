/**
 * `newshound parse <file-or-url> [--content-type TYPE] [--json]`: decode, parse and normalise one
 * feed exactly as polling does (on a parse worker, within the same limits), and print what newshound
 * would store. Exit 0 when parsed, 2 with a one-line reason on stderr when rejected (a limit names
 * itself); never takes longer than 15 s.
 */
import { WorkerFeedParser } from '../../shared/adapters/worker-threads/worker-feed-parser.js';
import { FeedParseError } from '../../shared/domain/feed/feed-parse-error.js';
import { ArgumentError, type CommandLine, runCommandLine, stringOption, UsageError } from '../command-line.js';
import { readFeedInput } from '../feed-input.js';

export const summary = 'Decode, parse and normalise one feed file or URL and print the result';

const GIVE_UP_MS = 15_000;
/** Never less than this for the parse itself, whatever the fetch left. */
const MIN_PARSE_MS = 500;
const MAX_BYTES = 10 * 1024 * 1024;

export const commandLine: CommandLine = {
  name: 'parse',
  usage: `Usage: newshound parse <file-or-url> [--content-type TYPE] [--json] [--allow-loopback]

Reads a feed file (or fetches an http(s) URL through the guarded fetcher), decodes, parses and
normalises it, and prints {"feed": {...}, "items": [{"id", "title", "link", "published", "summary"}]}.

  --content-type TYPE  the HTTP Content-Type to assume (charset and JSON detection), e.g. "text/xml; charset=koi8-r"
  --json               print one line of JSON (default: indented JSON)
  --allow-loopback     allow URLs on 127.0.0.1 / ::1 (local sample feeds)
  -h, --help           this help

Feeds are parsed as polling parses them: on a worker thread, stopped at the deadline or when it needs more than
128 MB, keeping the newest 500 items; a limit that cost items is said on stderr.

Environment: none

Exit status: 0 parsed; 2 rejected (no such file, not a feed, malformed, too large, too deep, timeout, unreachable,
gave up after 15 s).`,
  options: { 'content-type': { type: 'string' }, json: { type: 'boolean', default: false }, 'allow-loopback': { type: 'boolean', default: false } },
};

class Rejected extends UsageError {}

export function run(argv: string[]): Promise<number> {
  return runCommandLine(commandLine, argv, async (args) => {
    if (args.positionals.length !== 1) throw new ArgumentError('give exactly one file or URL');
    return parse(args.positionals[0]!, stringOption(args, 'content-type'), args.values['allow-loopback'] === true, args.values.json === true);
  });
}

async function parse(target: string, contentType: string | undefined, allowLoopback: boolean, json: boolean): Promise<number> {
  const deadline = Date.now() + GIVE_UP_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Made once the fetch is done: the parse gets what is left of the command's time.
  const parsers: WorkerFeedParser[] = [];
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Rejected(`rejected: gave up after ${GIVE_UP_MS / 1000} s (the command's time limit)`)), GIVE_UP_MS);
    timer.unref();
  });
  try {
    const work = (async () => {
      const source = await readFeedInput(target, { allowLoopback, timeoutMs: Math.max(1000, deadline - Date.now() - 1000), maxBytes: MAX_BYTES });
      const parser = new WorkerFeedParser({ maxWorkers: 1, deadlineMs: Math.max(MIN_PARSE_MS, deadline - Date.now()) });
      parsers.push(parser);
      return parser.parse({ bytes: source.bytes, contentType: contentType ?? source.contentType, feedUrl: source.feedUrl, contentLocation: source.contentLocation });
    })();
    const { parsed, encoding, decodeWarnings } = await Promise.race([work, giveUp]);
    const warnings = [...decodeWarnings, ...(parsed.warnings ?? [])];
    const output = {
      feed: { ...parsed.feed, format: parsed.format, encoding, ...(warnings.length ? { warnings } : {}) },
      items: parsed.items.map((i) => ({ id: i.id, title: i.title, link: i.link, published: i.published, summary: i.summary, ...(i.author ? { author: i.author } : {}), ...(i.guid ? { guid: i.guid } : {}) })),
    };
    console.log(json ? JSON.stringify(output) : JSON.stringify(output, null, 2));
    for (const limit of parsed.limitsHit ?? []) console.error(`newshound parse: ${limit.status}: ${limit.message}`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const reason = error instanceof FeedParseError ? `${error.reason}: ${error.message}` : error instanceof Error ? error.message : String(error);
    throw new Rejected(`rejected: ${reason}`.replace(/\s+/g, ' '));
  } finally {
    clearTimeout(timer);
    await Promise.all(parsers.map((p) => p.close()));
  }
}
