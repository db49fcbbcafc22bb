import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readCappedBody } from '../request-body.js';
import type { LocalRoute } from '../context.js';
import { pollNow } from '../poll-now.js';

const MAX_FORM_BYTES = 4096;

/**
 * The status page's "Poll now" buttons: POST /poll with the feed id and the page's token polls the feed now, through
 * dispatch-polls as `newshound poll` does, then sends the browser back to the status page. A cross-site form cannot
 * use it: the request must come from this server's own origin (Origin header) and carry the token only its pages hold.
 */
export const pollRoute: LocalRoute = async (req, res, url, ctx) => {
  if (url.pathname !== '/poll') return false;
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' }).end('POST a feed id from the status page\n');
    return true;
  }
  const refuse = (status: number, message: string) => void res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(`${message}\n`);
  if (!sameOrigin(req)) return (refuse(403, 'refused: not sent from this server\'s own pages (Origin)'), true);
  const form = await readForm(req);
  if (!form) return (refuse(413, 'form too large'), true);
  if (!tokenMatches(form.get('token') ?? '', ctx.pollToken)) return (refuse(403, 'refused: the form\'s token is missing or stale; reload the status page'), true);
  const feedId = form.get('feedId') ?? '';
  if (!ctx.config.feeds.some((f) => f.id === feedId)) return (refuse(400, `unknown feed ${JSON.stringify(feedId)}; configured feeds: ${ctx.config.feeds.map((f) => f.id).join(', ')}`), true);
  const queued = await pollNow(ctx.cloud, [feedId]);
  res.writeHead(303, { location: `/?${queued ? 'polled' : 'disabled'}=${encodeURIComponent(feedId)}`, 'cache-control': 'no-store' }).end();
  return true;
};

/** The loopback guard has already checked Host against this server's own names; a browser's Origin must be that. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && typeof req.headers.host === 'string' && origin.toLowerCase() === `http://${req.headers.host.toLowerCase()}`;
}

export function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const body = await readCappedBody(req, MAX_FORM_BYTES);
  return body && new URLSearchParams(body.toString('utf8'));
}
