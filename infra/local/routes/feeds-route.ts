import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import type { ServerResponse } from 'node:http';
import type { LocalRoute } from '../context.js';

/**
 * GET/HEAD /feeds/* the way CloudFront serves the feeds bucket in AWS: first the viewer-request function of the
 * behavior covering the path, the template's own code (the partner token check on feeds/private/*: its 404, or the
 * object it rewrites the path to), then the object's bytes from S3 (the local fauxqs), its Content-Type,
 * Cache-Control and ETag as publish-feeds wrote them, Last-Modified, 304 for a matching If-None-Match /
 * If-Modified-Since, and the headers of the distribution's response headers policy.
 * `/feeds/` is the index page (the distribution's default root object).
 */
export const feedsRoute: LocalRoute = async (req, res, url, ctx) => {
  if (url.pathname !== '/feeds' && !url.pathname.startsWith('/feeds/')) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
    return true;
  }
  if (url.pathname === '/feeds') {
    res.writeHead(301, { location: '/feeds/' }).end();
    return true;
  }
  let path = url.pathname;
  const edge = await ctx.cloud.viewerRequest(path);
  if (edge && 'response' in edge) {
    const { statusCode, headers = {}, body } = edge.response;
    const text = typeof body === 'string' ? body : body ? Buffer.from(body.data, body.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8') : '';
    res.writeHead(statusCode, Object.fromEntries(Object.entries(headers).map(([name, { value }]) => [name, value]))).end(req.method === 'HEAD' ? undefined : text);
    return true;
  }
  if (edge) path = edge.request.uri;
  const rest = path.slice('/feeds/'.length);
  const segments = decodeSegments(rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest);
  const bucket = ctx.cloud.feedsBucket;
  if (!segments || !bucket) {
    plain(res, segments ? 404 : 400, segments ? 'Not found\n' : 'Bad feed path\n');
    return true;
  }
  let object;
  try {
    object = await ctx.cloud.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: ['feeds', ...segments].join('/') }));
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
      plain(res, 404, 'Not found\n');
      return true;
    }
    throw error;
  }
  const body = Buffer.from(await object.Body!.transformToByteArray());
  const lastModified = object.LastModified ?? new Date();
  const headers: Record<string, string> = {
    'content-type': object.ContentType ?? 'application/octet-stream',
    ...(object.ETag ? { etag: object.ETag } : {}),
    'last-modified': lastModified.toUTCString(),
    ...(object.CacheControl ? { 'cache-control': object.CacheControl } : {}),
    // CloudFront's CORS_ALLOW_ALL_ORIGINS_AND_SECURITY_HEADERS policy
    'access-control-allow-origin': '*',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
  if (notModified(req.headers['if-none-match'], req.headers['if-modified-since'], object.ETag, lastModified)) {
    res.writeHead(304, headers).end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
};

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(text);
}

/** Decoded path segments, or undefined for anything that could step outside the feeds or name a hidden object. */
function decodeSegments(encoded: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of encoded.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (!segment || segment.startsWith('.') || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/** RFC 9110: If-None-Match (weak comparison) wins; If-Modified-Since only counts without it. */
function notModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, etag: string | undefined, lastModified: Date): boolean {
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || (etag !== undefined && tags.includes(etag));
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}
