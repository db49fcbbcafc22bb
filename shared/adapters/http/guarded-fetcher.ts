/**
 * The feed fetcher used everywhere (Lambda, local runtime, CLI): our own HTTP client rather than
 * rss-parser's parseURL. SSRF-guarded on every hop, connected to the checked address, one
 * deadline for the whole fetch, a body cap enforced while streaming (before and after
 * decompression), conditional GET, and a User-Agent that says who we are.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FetchErrorKind, FetchRequest, FetchResult, FeedFetcher } from '../../ports/feed-fetcher.js';
import { assertPublicUrl, SsrfBlockedError, type Resolver } from './ssrf-guard.js';

export const DEFAULT_USER_AGENT = 'newshound/0.1 (+https://github.com/newshound/newshound; feed reader)';
const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export interface GuardedFetcherOptions {
  /** Local runtime and tests only. */
  allowLoopback?: boolean;
  /** Body cap in bytes, on the wire and after decompression (default 10 MB). */
  maxBytes?: number;
  /** One deadline for the whole fetch, redirects included (default 20 s). */
  timeoutMs?: number;
  /** At most this many redirects (default 5). */
  maxRedirects?: number;
  userAgent?: string;
  /** The Accept header (default: the feed formats); the article page fetcher asks for HTML. */
  accept?: string;
  resolve?: Resolver;
}

export const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

/** More layers than any real server sends; each is a full decompression pass. */
const MAX_CONTENT_CODINGS = 3;

/**
 * The decoders for a Content-Encoding value in the order to run them, or why it is refused.
 * Codings we do not know pass the body through, as before: servers send values like "utf-8".
 */
function contentDecoders(header: string): Array<zlib.Unzip | zlib.BrotliDecompress> | string {
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length > MAX_CONTENT_CODINGS) return `Content-Encoding has ${codings.length} layers; at most ${MAX_CONTENT_CODINGS} are decoded`;
  const decoders: Array<zlib.Unzip | zlib.BrotliDecompress> = [];
  for (const coding of codings.reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip' || coding === 'deflate') decoders.push(zlib.createUnzip());
    if (coding === 'br') decoders.push(zlib.createBrotliDecompress());
  }
  return decoders;
}

class FetchFailure extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly httpStatus?: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Response {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

export class GuardedHttpFetcher implements FeedFetcher {
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;

  constructor(private readonly options: GuardedFetcherOptions = {}) {
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let permanentUrl: string | undefined;
    try {
      let url = request.url;
      let permanentSoFar = true;
      for (let hop = 0; ; hop++) {
        const res = await this.request(url, request, controller.signal);
        if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location) {
          res.body.resume();
          if (hop >= this.maxRedirects) throw new FetchFailure('redirects', `more than ${this.maxRedirects} redirects`, res.status, res.headers);
          let next: string;
          try {
            next = new URL(res.headers.location, url).href;
          } catch {
            throw new FetchFailure('http', `redirect to an invalid URL "${res.headers.location.slice(0, 200)}"`, res.status, res.headers);
          }
          permanentSoFar &&= res.status === 301 || res.status === 308;
          if (permanentSoFar) permanentUrl = next;
          url = next;
          continue;
        }
        const extra = permanentUrl ? { permanentUrl } : {};
        if (res.status === 304) {
          res.body.resume();
          return { status: 'not-modified', httpStatus: 304, headers: res.headers, ...extra };
        }
        if (res.status === 410) {
          res.body.resume();
          return { status: 'gone', httpStatus: 410, headers: res.headers, ...extra };
        }
        if (res.status < 200 || res.status > 299) {
          res.body.resume();
          return { status: 'error', httpStatus: res.status, reason: `HTTP ${res.status}`, headers: res.headers, kind: 'http', ...extra };
        }
        const body = await this.readBody(res, controller.signal);
        return { status: 'ok', httpStatus: res.status, finalUrl: url, body, headers: res.headers, ...extra };
      }
    } catch (error) {
      const extra = permanentUrl ? { permanentUrl } : {};
      if (controller.signal.aborted) return { status: 'error', reason: `timed out after ${this.timeoutMs} ms`, headers: {}, kind: 'timeout', ...extra };
      if (error instanceof FetchFailure) {
        return { status: 'error', reason: error.message, headers: error.headers, kind: error.kind, ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}), ...extra };
      }
      if (error instanceof SsrfBlockedError) return { status: 'error', reason: error.message, headers: {}, kind: 'blocked', ...extra };
      return { status: 'error', reason: error instanceof Error ? error.message : String(error), headers: {}, kind: 'network', ...extra };
    } finally {
      clearTimeout(timer);
    }
  }

  private async request(target: string, req: FetchRequest, signal: AbortSignal): Promise<Response> {
    const { url, address, family } = await assertPublicUrl(target, { allowLoopback: this.options.allowLoopback, resolve: this.options.resolve });
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: this.options.accept ?? ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    // Validators belong to the stored URL; after a redirect they still describe the same feed.
    if (req.etag) headers['if-none-match'] = req.etag;
    if (req.lastModified) headers['if-modified-since'] = req.lastModified;
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = client.request(
        url,
        { method: 'GET', headers, lookup: pinnedLookup(address, family), signal, agent: false },
        (res) => resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: res }),
      );
      outgoing.on('error', (error) => reject(signal.aborted ? new FetchFailure('timeout', 'timed out') : new FetchFailure('network', error.message)));
      outgoing.end();
    });
  }

  private async readBody(res: Response, signal: AbortSignal): Promise<Uint8Array> {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      res.body.destroy();
      throw new FetchFailure('too-large', `body of ${declared} bytes exceeds the ${this.maxBytes}-byte cap`, res.status, res.headers);
    }
    const decoders = contentDecoders(res.headers['content-encoding'] ?? '');
    if (typeof decoders === 'string') {
      res.body.destroy();
      throw new FetchFailure('http', decoders, res.status, res.headers);
    }
    const capBytes = (stage: Readable, what: string): void => {
      let seen = 0;
      stage.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > this.maxBytes) stage.destroy(new FetchFailure('too-large', `body exceeds the ${this.maxBytes}-byte cap${what}`, res.status, res.headers));
      });
    };
    capBytes(res.body, '');
    // Codings apply in the order listed, so they are undone in reverse; every stage is capped.
    let stream: Readable = res.body;
    for (const decoder of decoders) {
      const upstream = stream;
      stream = upstream.pipe(decoder);
      upstream.on('error', (e) => stream.destroy(e));
      if (decoder !== decoders.at(-1)) capBytes(stream, ' while decompressing');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBytes) throw new FetchFailure('too-large', `body exceeds the ${this.maxBytes}-byte cap after decompression`, res.status, res.headers);
        chunks.push(chunk);
      }
    } catch (error) {
      res.body.destroy();
      stream.destroy();
      if (error instanceof FetchFailure) throw error;
      if (signal.aborted) throw new FetchFailure('timeout', 'timed out');
      throw new FetchFailure('network', `reading the body failed: ${error instanceof Error ? error.message : String(error)}`, res.status, res.headers);
    }
    const body = Buffer.concat(chunks, size);
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }
}
