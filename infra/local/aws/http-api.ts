/**
 * API Gateway's HTTP API, locally: a request to a route of the template becomes a payload 2.0 event, the route's
 * function is invoked synchronously, and its answer becomes the HTTP response (a function error is the 500 API
 * Gateway gives).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCappedBody } from '../request-body.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { InvokeResult } from './lambda-containers.js';
import { LOCAL_ACCOUNT, type LocalRoute } from './local-deployment.js';

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript))/;

export function matchRoute(routes: LocalRoute[], method: string, path: string): LocalRoute | undefined {
  return routes.find((r) => r.path === path && (r.method === method || r.method === 'ANY'));
}

export async function toPayloadV2(req: IncomingMessage, url: URL, route: LocalRoute): Promise<APIGatewayProxyEventV2 | undefined> {
  const body = await readCappedBody(req, MAX_BODY_BYTES);
  if (!body) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return payloadV2(route, { method: req.method ?? 'GET', url, headers, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', protocol: `HTTP/${req.httpVersion}` });
}

export interface HttpRequestParts {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer;
  sourceIp?: string;
  protocol?: string;
}

/** The payload 2.0 event API Gateway gives a function for a request on one of its routes. */
export function payloadV2(route: LocalRoute, request: HttpRequestParts): APIGatewayProxyEventV2 {
  const { url } = request;
  const { cookie, ...headers } = request.headers;
  const body = request.body ?? Buffer.alloc(0);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  const textual = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookie ? { cookies: cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? 'local').split('.')[0]!,
      http: { method: request.method, path: url.pathname, protocol: request.protocol ?? 'HTTP/1.1', sourceIp: request.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: crypto.randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !textual } : { isBase64Encoded: false }),
  };
}

/** Writes the function's answer as API Gateway does for payload 2.0 (a string or non-proxy object is a 200 JSON body). */
export function writeResult(res: ServerResponse, result: InvokeResult): void {
  if (!result.ok) {
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
    return;
  }
  const value = result.result as APIGatewayProxyStructuredResultV2 | string | undefined;
  if (value === undefined || typeof value === 'string' || typeof value.statusCode !== 'number') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(typeof value === 'string' ? value : JSON.stringify(value ?? null));
    return;
  }
  const headers: Record<string, string | string[]> = { ...(value.headers as Record<string, string>) };
  if (value.cookies?.length) headers['set-cookie'] = value.cookies;
  const body = value.body === undefined ? '' : value.isBase64Encoded ? Buffer.from(value.body, 'base64') : value.body;
  res.writeHead(value.statusCode, headers).end(body);
}

/**
 * API Gateway's throttle, one token bucket per route: a route holds up to `burst` tokens, refilled at `rate` per
 * second, and a request finding none is answered 429 before any function runs.
 */
export class RouteThrottles {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Takes a token for the route; false when its bucket is empty. A route without a throttle is never limited. */
  take(route: Pick<LocalRoute, 'method' | 'path' | 'throttle'>): boolean {
    if (!route.throttle) return true;
    const { rate, burst } = route.throttle;
    const key = `${route.method} ${route.path}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
