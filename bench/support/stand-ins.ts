/**
 * Counting stand-ins for what lies outside AWS or is billed per request: SES, the Telegram Bot API, webhooks, a WebSub
 * hub, the feeds bucket (S3) and the feeds' own web servers. Each counts its call against the current trace and adds the
 * modelled latency of that call in AWS (the stand-ins answer at once).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { contentHash, PRIVATE_PREFIX } from '../../shared/domain/syndication/index.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../../shared/ports/feed-fetcher.js';
import type { AdminNotice, AdminNotifier } from '../../shared/ports/admin-notices.js';
import type { HubAnswer, HubClient } from '../../shared/ports/hub-client.js';
import type { PushInbox } from '../../shared/ports/push-inbox.js';
import type { FeedPublisher, Mailer, OutgoingEmail, TelegramClient, TelegramSendMessage, WebhookClient, WebhookRequest } from '../../shared/ports/senders.js';
import type { WebSubPublisher } from '../../shared/runtime/ports.js';
import { count, currentTrace } from './trace.js';

/** Modelled latencies in AWS (assumptions, see docs/cost-model.md). */
export const LATENCY_MS = {
  sesSend: 60,
  telegramSend: 150,
  webhookPost: 150,
  s3Request: 20,
  /** A conditional GET answered 304 by a feed's server on the internet. */
  fetch304: 150,
  /** A 200 with a ~15 KB feed. */
  fetch200: 300,
  fetchError: 300,
  /** A 200 with a ~100 KB article page (full text). */
  fetchPage: 400,
  websubPing: 150,
};
/** publish-feeds writes 8 files at a time. */
const S3_CONCURRENCY = 8;
/** Bytes of one outgoing HTTPS request (headers, TLS records), for data transfer out. */
const REQUEST_BYTES = 700;

export class CountingMailer implements Mailer {
  private n = 0;
  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const bytes = Buffer.byteLength(email.html) + Buffer.byteLength(email.text) + 1500;
    count({ service: 'ses', op: 'SendEmail', calls: 1, bytes }, LATENCY_MS.sesSend);
    return { messageId: `sim-${++this.n}` };
  }
}

export class CountingTelegram implements TelegramClient {
  private n = 0;
  async sendMessage(message: TelegramSendMessage): Promise<{ messageId: number }> {
    count({ service: 'telegram', op: 'sendMessage', calls: 1, bytes: Buffer.byteLength(JSON.stringify(message)) + REQUEST_BYTES }, LATENCY_MS.telegramSend);
    return { messageId: ++this.n };
  }
}

export class CountingWebhooks implements WebhookClient {
  async post(request: WebhookRequest): Promise<{ httpStatus: number }> {
    count({ service: 'http', op: 'POST webhook', calls: 1, bytes: Buffer.byteLength(request.body) + REQUEST_BYTES }, LATENCY_MS.webhookPost);
    return { httpStatus: 200 };
  }
}

export class CountingWebSub implements WebSubPublisher {
  async ping(topicFeedUrls: string[]): Promise<void> {
    // The pings go out together: one round trip of waiting.
    [...new Set(topicFeedUrls)].forEach((url, i) => count({ service: 'http', op: 'POST websub', calls: 1, bytes: Buffer.byteLength(url) + REQUEST_BYTES }, i === 0 ? LATENCY_MS.websubPing : 0));
  }
}

/** The alarm topic (SNS Publish): dispatch-polls tells the admins when the set of long-failing feeds changes. */
export class CountingNotifier implements AdminNotifier {
  async notify(notice: AdminNotice): Promise<void> {
    count({ service: 'sns', op: 'Publish', calls: 1, bytes: Buffer.byteLength(notice.message) });
  }
}

/**
 * The real page fetcher (the loopback server's article pages, full text), plus the internet's latency and the
 * request's bytes; a page's latency adds to its feed's lane (the feed's poll fetches its pages after its feed).
 */
export class LatencyPageFetcher implements FeedFetcher {
  /** Bytes of the pages fetched (data in: free in AWS, but it is what the fetches move). */
  bytesIn = 0;
  private readonly pagesInTrace = new WeakMap<object, Map<string, number>>();
  /** `spacingMs`: the pacing wait before each page of a site after its first in one poll (the bench's site is one host for all feeds, so it is modelled here). */
  constructor(
    private readonly inner: FeedFetcher,
    private readonly laneOf: (pageUrl: string) => string,
    private readonly spacingMs: number,
  ) {}
  async fetch(request: FetchRequest): Promise<FetchResult> {
    const lane = this.laneOf(request.url);
    const trace = currentTrace();
    let earlier = 0;
    if (trace) {
      const lanes = this.pagesInTrace.get(trace) ?? new Map<string, number>();
      this.pagesInTrace.set(trace, lanes);
      earlier = lanes.get(lane) ?? 0;
      lanes.set(lane, earlier + 1);
    }
    const result = await this.inner.fetch(request);
    if (result.status === 'ok') this.bytesIn += result.body.length;
    const latency = (result.status === 'ok' ? LATENCY_MS.fetchPage : LATENCY_MS.fetchError) + (earlier > 0 ? this.spacingMs : 0);
    count({ service: 'http', op: `GET page ${result.httpStatus ?? result.status}`, calls: 1, bytes: REQUEST_BYTES }, latency, undefined, lane);
    return result;
  }
}

/** The real fetcher (loopback feed servers), plus the internet's latency and the request's bytes. */
export class LatencyFetcher implements FeedFetcher {
  constructor(private readonly inner: FeedFetcher) {}
  async fetch(request: FetchRequest): Promise<FetchResult> {
    const result = await this.inner.fetch(request);
    const latency = result.status === 'not-modified' ? LATENCY_MS.fetch304 : result.status === 'ok' ? LATENCY_MS.fetch200 : LATENCY_MS.fetchError;
    // The feeds of one poll message are fetched side by side.
    count({ service: 'http', op: `GET feed ${result.httpStatus ?? result.status}`, calls: 1, bytes: REQUEST_BYTES }, latency, undefined, request.url);
    return result;
  }
}

interface Stored {
  hash: string;
  md5: string;
  bytes: number;
  gzipBytes: number;
}

const scope = (key: string) => (key.startsWith(`${PRIVATE_PREFIX}/`) ? 'partner' : 'public');

/** The feeds bucket in memory, counting S3 requests as billed: PUT, HEAD, LIST (per 1,000 keys), DeleteObjects. */
export class CountingPublisher implements FeedPublisher {
  readonly objects = new Map<string, Stored>();

  async put(key: string, body: string): Promise<{ location: string }> {
    const bytes = Buffer.from(body, 'utf8');
    this.objects.set(key, { hash: contentHash(bytes), md5: createHash('md5').update(bytes).digest('hex'), bytes: bytes.length, gzipBytes: gzipSync(bytes).length });
    count({ service: 's3', op: `PUT ${scope(key)}`, calls: 1, bytes: bytes.length }, LATENCY_MS.s3Request / S3_CONCURRENCY);
    return { location: `s3://feeds/${key}` };
  }

  async head(key: string): Promise<{ contentHash: string } | undefined> {
    count({ service: 's3', op: `HEAD ${scope(key)}`, calls: 1 }, LATENCY_MS.s3Request / S3_CONCURRENCY);
    const found = this.objects.get(key);
    return found ? { contentHash: found.hash } : undefined;
  }

  async list(prefix: string): Promise<string[]> {
    return [...(await this.listWithMd5(prefix)).keys()];
  }

  /** As S3 lists them: the ETags (MD5s) come with the keys, in the same LIST requests. */
  async listWithMd5(prefix: string): Promise<Map<string, string | undefined>> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    const pages = Math.max(1, Math.ceil(keys.length / 1000));
    count({ service: 's3', op: 'LIST', calls: pages }, LATENCY_MS.s3Request * pages);
    return new Map(keys.map((k) => [k, this.objects.get(k)!.md5]));
  }

  async delete(keys: string[]): Promise<void> {
    for (const k of keys) this.objects.delete(k);
    count({ service: 's3', op: 'DeleteObjects', calls: Math.ceil(keys.length / 1000) }, LATENCY_MS.s3Request);
  }
}

/** The push inbox (S3 PutObject / GetObject); pushed bodies are not simulated by the scenario, only counted if any. */
export class CountingInbox implements PushInbox {
  private readonly objects = new Map<string, { body: Uint8Array; contentType?: string }>();

  async put(key: string, body: Uint8Array, contentType: string | undefined): Promise<void> {
    count({ service: 's3', op: 'PutObject inbox', calls: 1, bytes: body.length });
    this.objects.set(key, { body, ...(contentType ? { contentType } : {}) });
  }

  async get(key: string): Promise<{ body: Uint8Array; contentType?: string } | undefined> {
    count({ service: 's3', op: 'GetObject inbox', calls: 1 });
    return this.objects.get(key);
  }
}

/** WebSub subscribe requests to hubs: one POST each, always accepted. */
export class CountingHubClient implements HubClient {
  async request(_hubUrl: string, form: Record<string, string>): Promise<HubAnswer> {
    count({ service: 'http', op: 'POST websub hub', calls: 1, bytes: Buffer.byteLength(new URLSearchParams(form).toString()) + REQUEST_BYTES });
    return { accepted: true, status: 202 };
  }
}
