import type { LocalRoute } from '../context.js';
import { readCappedBody } from '../request-body.js';

const MAX_FORM_BYTES = 8192;

/** The WebSub hub stand-in at /hub (infra/local/websub-hub.ts): form POSTs to subscribe, unsubscribe and publish. */
export const hubRoute: LocalRoute = async (req, res, url, ctx) => {
  if (url.pathname !== '/hub') return false;
  const reply = (status: number, text: string) => void res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(text ? `${text}\n` : undefined);
  if (req.method !== 'POST') return (reply(405, 'POST hub.mode=subscribe|unsubscribe|publish as a form'), true);
  const body = await readCappedBody(req, MAX_FORM_BYTES);
  if (!body) return (reply(413, 'form too large'), true);
  const answer = ctx.hub.request(new URLSearchParams(body.toString('utf8')));
  reply(answer.status, answer.text);
  return true;
};
