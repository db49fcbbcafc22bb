import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeFor, findActivePartner, type PartnerAccess } from '../../../shared/domain/syndication/index.js';
import type { LocalContext, LocalRoute } from '../context.js';

const CACHE_CONTROL = 'public, max-age=300';
const PRIVATE_CACHE_CONTROL = 'private, max-age=300';

/**
 * GET/HEAD /feeds/* from ctx.feedsDir, the way CloudFront + S3 serve them in AWS: the right Content-Type, a strong
 * ETag (SHA-256 of the bytes), Last-Modified, and 304 for If-None-Match / If-Modified-Since. `/feeds/` is the
 * index page. Partner feeds under /feeds/private/<token>/ are served only while the token belongs to an active
 * partner in config (compared in constant time), so a revoked token 404s even before the next publish removes it.
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
  const rest = url.pathname.slice('/feeds/'.length);
  const segments = decodeSegments(rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest);
  if (!segments) {
    plain(res, 400, 'Bad feed path\n');
    return true;
  }
  const relative = segments.join('/');
  const contentType = contentTypeFor(relative);
  const isPrivate = segments[0] === 'private';
  if (!contentType || (isPrivate && !partnerAllowed(ctx, segments[1]))) {
    plain(res, 404, 'Not found\n');
    return true;
  }
  const file = await existingFileInside(ctx.feedsDir, segments);
  if (!file) {
    plain(res, 404, 'Not found\n');
    return true;
  }

  const body = await readFile(file.path);
  const etag = `"${createHash('sha256').update(body).digest('hex')}"`;
  const lastModified = new Date(Math.floor(file.mtimeMs / 1000) * 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    etag,
    'last-modified': lastModified.toUTCString(),
    'cache-control': isPrivate ? PRIVATE_CACHE_CONTROL : CACHE_CONTROL,
    'x-content-type-options': 'nosniff',
    ...(isPrivate ? { 'referrer-policy': 'no-referrer' } : {}),
    ...(contentType.startsWith('text/html') ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" } : {}),
  };
  if (notModified(req.headers['if-none-match'], req.headers['if-modified-since'], etag, lastModified)) {
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

/** Decoded path segments, or undefined for anything that could step outside the folder or name a hidden file. */
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

/** The regular file for the segments, if it exists and (symlinks resolved) still lies inside the feeds folder. */
async function existingFileInside(dir: string, segments: string[]): Promise<{ path: string; mtimeMs: number } | undefined> {
  try {
    const root = await realpath(dir);
    const resolved = await realpath(path.join(root, ...segments));
    if (!resolved.startsWith(root + path.sep)) return undefined;
    const info = await stat(resolved);
    return info.isFile() ? { path: resolved, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function partnerAllowed(ctx: LocalContext, token: string | undefined): boolean {
  if (!token) return false;
  // Partners whose token is a secret reference cannot be checked locally; they are simply not served.
  const partners: PartnerAccess[] = (ctx.config.partners ?? []).flatMap((p) => (p.token ? [{ id: p.id, token: p.token, topics: p.topics, revoked: p.revoked ?? false }] : []));
  return findActivePartner(partners, token) !== undefined;
}

/** RFC 9110: If-None-Match (weak comparison) wins; If-Modified-Since only counts without it. */
function notModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, etag: string, lastModified: Date): boolean {
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && lastModified.getTime() <= since;
  }
  return false;
}
