/**
 * HubClient over HTTP, through the same SSRF guard as feeds: a hub URL comes from a feed, which anyone may write, so
 * it is resolved once, refused when private, and connected to at the checked address; no redirects are followed,
 * time and the answer read are capped.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HubAnswer, HubClient } from '../../ports/hub-client.js';
import { assertPublicUrl, SsrfBlockedError } from './ssrf-guard.js';

export interface GuardedHubClientOptions {
  /** Local runtime and tests only. */
  allowLoopback?: boolean;
  timeoutMs?: number;
  userAgent?: string;
}

/** Of a refusal, the first bytes say why (a hub's error text); the rest is dropped. */
const MAX_ANSWER_BYTES = 2048;

function pinned(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

export class GuardedHubClient implements HubClient {
  constructor(private readonly options: GuardedHubClientOptions = {}) {}

  async request(hubUrl: string, form: Record<string, string>): Promise<HubAnswer> {
    let target: { url: URL; address: string; family: 4 | 6 };
    try {
      target = await assertPublicUrl(hubUrl, { allowLoopback: this.options.allowLoopback ?? false });
    } catch (error) {
      return { accepted: false, reason: error instanceof SsrfBlockedError ? `hub refused by the SSRF guard: ${error.message}` : `hub URL unusable: ${error instanceof Error ? error.message : String(error)}` };
    }
    const body = new URLSearchParams(form).toString();
    const client = target.url.protocol === 'https:' ? https : http;
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    return new Promise<HubAnswer>((resolve) => {
      const req = client.request(
        target.url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'user-agent': this.options.userAgent ?? 'newshound-websub/0.1' },
          lookup: pinned(target.address, target.family),
          signal,
          agent: false,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
            size += chunk.length;
            if (size > 64 * 1024) res.destroy();
          });
          const done = () => {
            if (status >= 200 && status < 300) return resolve({ accepted: true, status });
            const text = Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8').replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, 150);
            resolve({ accepted: false, status, reason: `hub answered HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}${text ? `: ${text}` : ''}` });
          };
          res.on('end', done);
          res.on('close', done);
          res.on('error', done);
        },
      );
      req.on('error', (error) => resolve({ accepted: false, reason: signal.aborted ? 'hub did not answer in time' : `hub unreachable: ${error.message}` }));
      req.end(body);
    });
  }
}
