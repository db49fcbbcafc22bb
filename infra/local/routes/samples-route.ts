import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sampleFeedFiles } from '../../config/feeds.js';
import type { LocalRoute } from '../context.js';

const samplesDir = fileURLToPath(new URL('../../config/sample-feeds/', import.meta.url));

/** Serves the sample source feeds written for the project at /samples/<file>. */
export const samplesRoute: LocalRoute = async (req, res, url) => {
  if (!url.pathname.startsWith('/samples/')) return false;
  const file = url.pathname.slice('/samples/'.length);
  if (!(sampleFeedFiles as readonly string[]).includes(file) || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404).end();
    return true;
  }
  const body = await readFile(`${samplesDir}${file}`);
  res.writeHead(200, { 'content-type': file.endsWith('.xml') ? 'application/xml' : 'application/octet-stream', 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
};
