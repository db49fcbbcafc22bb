/**
 * WebhookClient: a signed JSON POST (the use case signs) to a subscriber's URL, through the same SSRF guard as feeds:
 * resolve once, refuse private addresses, connect to the checked address, follow no redirects, cap time and response size.
 * 2xx → ok; 410 → disable the channel; 408/425/429 → retry (Retry-After honoured); 5xx, timeouts → retry; other 4xx, 3xx → park.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { DeliveryError, type FailureAction } from '../../ports/errors.js';
import type { WebhookClient, WebhookRequest } from '../../ports/senders.js';
import { assertPublicUrl, SsrfBlockedError } from './ssrf-guard.js';

/** Checks a URL and returns the single address to connect to; throws to refuse it. */
export type UrlGuard = (url: string) => Promise<{ url: URL; address: string; family: 4 | 6 }>;

export interface HttpWebhookClientOptions {
  /** Default: the shared SSRF guard (assertPublicUrl). */
  guard?: UrlGuard;
  /** Local runtime and tests only, when using the default guard. */
  allowLoopback?: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
  userAgent?: string;
}

function pinned(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

function retryAfterSeconds(value: string | string[] | undefined, now: number): number {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return 0;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

export function webhookAction(status: number, retryAfter: number): FailureAction {
  if (status === 410) return { kind: 'disable-channel', reason: 'webhook endpoint answered 410 Gone' };
  if (status === 408 || status === 425 || status === 429) return { kind: 'retry', delaySeconds: Math.min(retryAfter, 900) };
  if (status >= 500) return { kind: 'retry', delaySeconds: Math.min(retryAfter, 900) };
  if (status >= 300 && status < 400) return { kind: 'park', reason: `webhook answered ${status}: redirects are not followed` };
  return { kind: 'park', reason: `webhook answered ${status}` };
}

export class HttpWebhookClient implements WebhookClient {
  private readonly guard: UrlGuard;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly userAgent: string;

  constructor(options: HttpWebhookClientOptions = {}) {
    this.guard = options.guard ?? ((url) => assertPublicUrl(url, { allowLoopback: options.allowLoopback ?? false }));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
    this.userAgent = options.userAgent ?? 'newshound-webhooks/0.1';
  }

  async post(request: WebhookRequest): Promise<{ httpStatus: number }> {
    let target: { url: URL; address: string; family: 4 | 6 };
    try {
      target = await this.guard(request.url);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      // A name that does not resolve right now may resolve later; a refused address will not become public.
      const action: FailureAction = err instanceof SsrfBlockedError && err.reason === 'resolution' ? { kind: 'retry', delaySeconds: 0 } : { kind: 'park', reason: `webhook URL refused: ${reason}` };
      throw new DeliveryError(`webhook URL refused: ${reason}`, action, 'webhook');
    }
    const { status, headers } = await this.send(target, request);
    if (status >= 200 && status < 300) return { httpStatus: status };
    throw new DeliveryError(`webhook answered HTTP ${status}`, webhookAction(status, retryAfterSeconds(headers['retry-after'], Date.now())), 'webhook');
  }

  private send(target: { url: URL; address: string; family: 4 | 6 }, request: WebhookRequest): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
    const body = Buffer.from(request.body, 'utf8');
    const lib = target.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        target.url,
        {
          method: 'POST',
          lookup: pinned(target.address, target.family),
          headers: { ...request.headers, 'content-length': String(body.length), 'user-agent': this.userAgent },
          timeout: this.timeoutMs,
        },
        (res) => {
          let seen = 0;
          res.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (seen > this.maxResponseBytes) res.destroy();
          });
          const finish = () => resolve({ status: res.statusCode ?? 0, headers: res.headers });
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        },
      );
      const deadline = setTimeout(() => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      req.on('timeout', () => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      req.on('error', (err) => reject(new DeliveryError(`webhook POST failed: ${err.message}`, { kind: 'retry', delaySeconds: 0 }, 'webhook')));
      req.on('close', () => clearTimeout(deadline));
      req.end(body);
    });
  }
}
