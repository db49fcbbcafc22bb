import type { IncomingMessage } from 'node:http';
import { readCappedBody } from '../request-body.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../../shared/domain/delivery/webhook-signature.js';
import { html } from '../../../shared/domain/pages/html.js';
import { PAGE_HEADERS } from '../../../shared/domain/pages/layout.js';
import type { LocalContext, LocalRoute } from '../context.js';
import { localPage, type LocalUrls } from '../pages/local-layout.js';

const PREFIX = '/webhooks/inbox';
const MAX_BODY_BYTES = 256 * 1024;
const KEPT = 100;

/** A delivery the local webhook receiver got, as its page shows it. */
export interface ReceivedDelivery {
  at: string;
  subscriberId: string;
  /** The signature checked with the receiver's key from the webhook-keys parameter, as a real receiver checks it. */
  verified: boolean;
  body: string;
}

/**
 * The local stage's webhook receiver: POST /webhooks/inbox/<subscriberId> takes a delivery of send-webhook, checks its
 * signature with that receiver's key and keeps it (in memory, the newest 100, and in outbox/); GET /webhooks/inbox
 * shows what arrived.
 */
export const webhookInboxRoute: LocalRoute = async (req, res, url, ctx) => {
    const received = ctx.webhookDeliveries;
    if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) return false;
    const subscriberId = decodeURIComponent(url.pathname.slice(PREFIX.length + 1));
    if (req.method === 'GET' && !subscriberId) {
      res.writeHead(200, PAGE_HEADERS).end(renderInbox(received, ctx.urls));
      return true;
    }
    if (req.method !== 'POST' || !subscriberId) {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('GET /webhooks/inbox shows the deliveries\n');
      return true;
    }
    // send-webhook posts server to server; a browser's post (a web page aiming at loopback) carries an Origin.
    if (req.headers.origin !== undefined) {
      req.resume();
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('refused: sent by a web page\n');
      return true;
    }
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' }).end('too large\n');
      return true;
    }
    const key = receiverKey(ctx, subscriberId);
    const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
    const verified = key !== undefined && verifyWebhookSignature(key, typeof header === 'string' ? header : undefined, body, Math.floor(Date.now() / 1000));
    const delivery = { at: new Date().toISOString(), subscriberId, verified, body };
    received.unshift(delivery);
    received.length = Math.min(received.length, KEPT);
    await ctx.outbox.write('webhook', subscriberId, 'json', JSON.stringify({ ...delivery, body: parsed(body) }, null, 2));
    res.writeHead(verified ? 200 : 401, { 'content-type': 'text/plain; charset=utf-8' }).end(verified ? 'ok\n' : 'signature does not verify\n');
    return true;
};

function receiverKey(ctx: LocalContext, subscriberId: string): string | undefined {
  const map = ctx.cloud.parameters.value(ctx.cloud.secretParameter('webhookKeys'));
  if (!map) return undefined;
  const key = (JSON.parse(map) as Record<string, unknown>)[subscriberId];
  return typeof key === 'string' ? key : undefined;
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  return (await readCappedBody(req, MAX_BODY_BYTES))?.toString('utf8');
}

function renderInbox(received: readonly ReceivedDelivery[], urls: LocalUrls): string {
  const rows = received.map(
    (d) =>
      html`<tr><td>${d.subscriberId}</td><td>${d.verified ? 'verified' : 'does not verify'}</td><td data-label="received"><time datetime="${d.at}">${d.at}</time></td><td data-label="body"><pre>${JSON.stringify(parsed(d.body), null, 2)}</pre></td></tr>\n`,
  );
  return localPage(
    'Webhook deliveries received',
    html`<h1>Webhook deliveries received</h1>
<p>What send-webhook posted to the local receiver, newest first (kept until a restart; outbox/ keeps a copy).</p>
${rows.length ? html`<table class="stack"><thead><tr><th scope="col">receiver</th><th scope="col">signature</th><th scope="col">received</th><th scope="col">body</th></tr></thead><tbody>\n${rows}</tbody></table>` : html`<p>None yet.</p>`}`,
    urls,
  );
}
