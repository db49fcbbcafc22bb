import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sampleFeedFiles } from '../../config/feeds.js';
import type { LocalRoute } from '../context.js';
import { redateSampleFeed } from '../sample-dates.js';

const samplesDir = fileURLToPath(new URL('../../config/sample-feeds/', import.meta.url));

const PAGE = /^pages\/[a-z0-9-]+\.html$/;

/**
 * Serves the sample source feeds written for the project at /samples/<file>, read at each request and dated as news,
 * and the article pages of the excerpt-only sample at /samples/pages/<name>.html (a missing one is a 404, as on the web).
 */
export const samplesRoute: LocalRoute = async (req, res, url, ctx) => {
  if (!url.pathname.startsWith('/samples/') || url.pathname === '/samples/publish') return false;
  const file = url.pathname.slice('/samples/'.length);
  if (PAGE.test(file) && (req.method === 'GET' || req.method === 'HEAD')) {
    const page = await readFile(`${samplesDir}${file}`).catch(() => undefined);
    if (!page) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no such page');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : page);
    return true;
  }
  if (!(sampleFeedFiles as readonly string[]).includes(file) || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404).end();
    return true;
  }
  const body = Buffer.from(ctx.samples.render(file, redateSampleFeed(await readFile(`${samplesDir}${file}`, 'utf8'), new Date())));
  // The sample feeds announce the local WebSub hub stand-in (W3C WebSub discovery by Link header).
  const link = `<${ctx.urls.app}/hub>; rel="hub", <${ctx.urls.app}/samples/${file}>; rel="self"`;
  res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', link });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
};
