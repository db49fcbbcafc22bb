/** The feed a command reads: a file, or an http(s) URL fetched with the guarded client the poller uses. */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GuardedHttpFetcher } from '../shared/adapters/http/guarded-fetcher.js';
import { UsageError } from './command-line.js';

export interface FeedInput {
  bytes: Uint8Array;
  contentType: string | undefined;
  feedUrl: string;
  contentLocation: string | undefined;
}

/** Reads `target`; a missing file, a file over `maxBytes` or a failed fetch is bad input (UsageError), in one line. */
export async function readFeedInput(target: string, options: { allowLoopback: boolean; timeoutMs: number; maxBytes: number }): Promise<FeedInput> {
  if (/^https?:\/\//i.test(target)) {
    const fetcher = new GuardedHttpFetcher({ allowLoopback: options.allowLoopback, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
    const result = await fetcher.fetch({ url: target });
    if (result.status !== 'ok') {
      const reason = result.status === 'error' ? result.reason : result.status === 'gone' ? 'HTTP 410 Gone' : 'HTTP 304 without a conditional request';
      const hint = !options.allowLoopback && / is a loopback address/.test(reason) ? ' (pass --allow-loopback to read a feed served on this machine)' : '';
      throw new UsageError(`cannot fetch ${target}: ${reason}${hint}`.replace(/\s+/g, ' '));
    }
    return { bytes: result.body, contentType: result.headers['content-type'], feedUrl: result.finalUrl, contentLocation: result.headers['content-location'] };
  }
  const path = resolve(target);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`no such file: ${target}`);
  if (!info.isFile()) throw new UsageError(`not a file: ${target}`);
  if (info.size > options.maxBytes) throw new UsageError(`too large: ${target} has ${info.size} bytes (cap ${options.maxBytes})`);
  try {
    return { bytes: new Uint8Array(await readFile(path)), contentType: undefined, feedUrl: pathToFileURL(path).href, contentLocation: undefined };
  } catch (error) {
    throw new UsageError(`cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
