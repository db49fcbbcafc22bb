import type { MessagePort } from 'node:worker_threads';
import { FeedParseError } from '../../domain/feed/feed-parse-error.js';
import type { FeedLimits } from '../../domain/feed/feed-limits.js';
import { readFeed } from '../../domain/feed/read-feed.js';
import type { ParseReply, ParseRequest, ParseWorkerReady } from './feed-parse-protocol.js';

/** Inside a parse worker: answers each request with the read feed or the reason it was refused. */
export function serveFeedParsing(port: MessagePort, limits: Partial<FeedLimits>): void {
  port.on('message', ({ id, body }: ParseRequest) => {
    let reply: ParseReply;
    try {
      reply = { id, ok: true, feed: readFeed(body, limits) };
    } catch (error) {
      reply = error instanceof FeedParseError ? { id, ok: false, reason: error.reason, message: error.message } : { id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies ParseWorkerReady);
}
