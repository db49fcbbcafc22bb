/** The subscription pages and API on the local server: the same handler the subscriptions Lambda runs. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleSubscriptionRequest } from '../../../shared/usecases/subscriptions/http-api.js';
import { MAX_BODY_BYTES, type HttpRequest, type HttpResponse } from '../../../shared/usecases/subscriptions/http-types.js';
import type { LocalRoute } from '../context.js';

/** Locally `/` is the status page, so the subscribe form lives at /subscribe only. */
const PATHS = new Set(['/subscribe', '/confirm', '/preferences', '/unsubscribe']);

/** The request body as text, or undefined when it is larger than `limit` bytes (the rest is not read). */
export async function readLimitedBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function toHttpRequest(req: IncomingMessage, url: URL, body: string): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body, sourceIp: req.socket.remoteAddress ?? 'unknown' };
}

export function writeResponse(res: ServerResponse, response: HttpResponse): void {
  res.writeHead(response.status, response.headers).end(response.body);
}

const plain = (res: ServerResponse, status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(`${text}\n`);

export const subscriptionRoute: LocalRoute = async (req, res, url, ctx) => {
  if (!PATHS.has(url.pathname)) return false;
  if (!ctx.subscriptions) {
    plain(res, 503, 'Subscriptions are not wired in this local runtime (LocalContext.subscriptions is missing).');
    return true;
  }
  const body = await readLimitedBody(req);
  if (body === undefined) {
    plain(res, 413, 'Request body too large.');
    return true;
  }
  writeResponse(res, await handleSubscriptionRequest(ctx.subscriptions.web, toHttpRequest(req, url, body)));
  return true;
};
