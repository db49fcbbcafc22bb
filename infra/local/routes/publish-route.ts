import { sampleFeedFiles } from '../../config/feeds.js';
import type { LocalContext, LocalRoute } from '../context.js';
import { readCappedBody } from '../request-body.js';
import { sameOrigin, tokenMatches } from './poll-route.js';

const MAX_FORM_BYTES = 4096;

/** What the button publishes: a CSTO story, so the sample subscribers' topics match it. */
const SAMPLE_TITLES = ['CSTO holds snap air-defence drills near Yerevan', 'CSTO secretary general visits Dushanbe', 'CSTO ministers agree on a joint rapid-reaction force budget'];

/** Publishes an article to a sample feed and pings the local hub, which pushes the feed to its subscribers. */
export async function publishSample(ctx: LocalContext, feedId: string, title?: string): Promise<{ file: string; id: string; title: string }> {
  const file = sampleFeedFiles.find((f) => f.replace(/\.xml$/, '') === feedId);
  if (!file) throw new Error(`${feedId} is not a sample feed; sample feeds: ${sampleFeedFiles.join(', ')}`);
  const article = ctx.samples.publish(file, { title: title ?? `${SAMPLE_TITLES[Math.floor(Math.random() * SAMPLE_TITLES.length)]!} (${new Date().toISOString().slice(11, 19)} UTC)` });
  ctx.hub.request(new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': `${ctx.urls.app}/samples/${file}` }));
  return { file, id: article.id, title: article.title };
}

/** The status page's "Publish a sample article" buttons: POST /samples/publish with the feed id and the page's token. */
export const publishRoute: LocalRoute = async (req, res, url, ctx) => {
  if (url.pathname !== '/samples/publish') return false;
  const refuse = (status: number, message: string) => void res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(`${message}\n`);
  if (req.method !== 'POST') return (refuse(405, 'POST a sample feed id from the status page'), true);
  if (!sameOrigin(req)) return (refuse(403, "refused: not sent from this server's own pages (Origin)"), true);
  const body = await readCappedBody(req, MAX_FORM_BYTES);
  if (!body) return (refuse(413, 'form too large'), true);
  const form = new URLSearchParams(body.toString('utf8'));
  if (!tokenMatches(form.get('token') ?? '', ctx.pollToken)) return (refuse(403, "refused: the form's token is missing or stale; reload the status page"), true);
  try {
    await publishSample(ctx, form.get('feedId') ?? '');
  } catch (error) {
    return (refuse(400, error instanceof Error ? error.message : String(error)), true);
  }
  res.writeHead(303, { location: `/?published=${encodeURIComponent(form.get('feedId') ?? '')}`, 'cache-control': 'no-store' }).end();
  return true;
};
