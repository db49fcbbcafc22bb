/**
 * feedparser's own expectations (the `Expect:` line of each test file), evaluated against our
 * parser for the fields we keep. Files whose expectation reads something we do not model are
 * counted as out of scope. Prints pass counts and every failure with its reason; asserts a floor
 * so a regression shows.
 */
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../shared/domain/feed/decode.js';
import { FeedParseError, parseFeed } from '../../shared/domain/feed/parse-feed.js';
import type { ParsedFeed } from '../../shared/domain/article.js';
import { listCorpus, readCorpus } from '../support/corpus.js';
import { feedparserEnv } from './feedparser-view.js';
import { evaluate, Unsupported } from './python-expect.js';

/** Raise when the parser improves; never lower it without saying why. */
const PASS_FLOOR = 305;

interface Outcome {
  file: string;
  expect: string;
  result: 'pass' | 'fail' | 'out-of-scope';
  reason?: string;
}

async function check(file: string): Promise<Outcome | undefined> {
  const bytes = readCorpus(file);
  const head = Buffer.from(bytes).toString('latin1');
  // The comment may be in UTF-16/32: read the header through the decoder when latin1 shows nothing.
  const decodedHead = /Expect:/.test(head) ? head : decodeFeedBytes(bytes).text;
  const expectLine = /^\s*Expect:\s*(.*?)\s*$/m.exec(decodedHead)?.[1];
  if (!expectLine) return undefined;
  const headers = new Map([...decodedHead.matchAll(/^\s*Header:\s*([^:]+):\s*(.*?)\s*$/gm)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
  const contentType = headers.get('content-type');
  const decoded = decodeFeedBytes(bytes, contentType);
  let parsed: ParsedFeed | undefined;
  let rejected: string | undefined;
  try {
    parsed = await parseFeed(decoded.text, {
      feedUrl: `http://127.0.0.1:8097/${file.replace(/^feedparser\//, '')}`,
      contentType,
      contentLocation: headers.get('content-location'),
    });
  } catch (error) {
    rejected = error instanceof FeedParseError ? `${error.reason}: ${error.message}` : String(error);
  }
  const log: string[] = [];
  try {
    const ok = evaluate(expectLine, feedparserEnv({ parsed, rejected, encoding: decoded.encoding, decodeWarnings: decoded.warnings ?? [] }, log));
    if (ok) return { file, expect: expectLine, result: 'pass' };
    return { file, expect: expectLine, result: 'fail', reason: rejected ? `rejected (${rejected})` : `read ${log.join('; ') || 'nothing'} (encoding ${decoded.encoding})` };
  } catch (error) {
    if (error instanceof Unsupported) return { file, expect: expectLine, result: 'out-of-scope', reason: error.message };
    throw error;
  }
}

describe('feedparser Expect lines (fields we keep)', () => {
  it(`passes at least ${PASS_FLOOR} and lists every failure`, async () => {
    const files = listCorpus('feedparser', 'tests');
    const outcomes = (await Promise.all(files.map(check))).filter((o): o is Outcome => !!o);
    const pass = outcomes.filter((o) => o.result === 'pass');
    const fail = outcomes.filter((o) => o.result === 'fail');
    const out = outcomes.filter((o) => o.result === 'out-of-scope');
    const lines = [
      `feedparser Expect: ${pass.length} of ${pass.length + fail.length} in scope pass (${out.length} of ${outcomes.length} files out of scope)`,
      ...fail.map((f) => `  miss ${f.file}\n       expect: ${f.expect}\n       ${f.reason}`),
    ];
    if (process.env.SHOW_OUT_OF_SCOPE) lines.push(...out.map((o) => `  OUT  ${o.file}: ${o.reason}`));
    console.log(lines.join('\n'));
    expect(pass.length).toBeGreaterThanOrEqual(PASS_FLOOR);
  });
});
