import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sampleFeedFiles } from '../../config/feeds.js';
import type { LocalRoute } from '../context.js';
import { redateSampleFeed } from '../sample-dates.js';

const samplesDir = fileURLToPath(new URL('../../config/sample-feeds/', import.meta.url));

/** Serves the sample source feeds written for the project at /samples/<file>, read at each request and dated as news. */
export const samplesRoute: LocalRoute = async (req, res, url, ctx) => {
  if (!url.pathname.startsWith('/samples/') || url.pathname === '/samples/publish') return false;
  const file = url.pathname.slice('/samples/'.length);
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
