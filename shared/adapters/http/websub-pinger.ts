import { ConfigError, PublishError } from '../../ports/errors.js';

export interface WebSubPingerOptions {
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  userAgent?: string;
}

/**
 * Tells a WebSub hub that feeds changed: one `POST hub.mode=publish&hub.url=<feed>` per URL (form-encoded), the
 * convention hubs such as pubsubhubbub.appspot.com and Superfeedr follow. The hub is admin configuration, not user
 * input, so no SSRF guard applies; private partner feeds are never announced (the hub would learn their URL).
 */
export class WebSubPinger {
  private readonly fetchFn: typeof fetch;

  constructor(
    readonly hubUrl: string,
    private readonly options: WebSubPingerOptions = {},
  ) {
    let parsed: URL;
    try {
      parsed = new URL(hubUrl);
    } catch {
      throw new ConfigError('syndication.hubUrl', `not a URL: ${hubUrl}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError('syndication.hubUrl', 'must be http(s)');
    this.fetchFn = options.fetch ?? fetch;
  }

  /** Pings every URL (independently); throws one PublishError naming the failures after all were tried. */
  async ping(topicFeedUrls: string[]): Promise<void> {
    const urls = [...new Set(topicFeedUrls)];
    const results = await Promise.allSettled(urls.map((url) => this.pingOne(url)));
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${urls[i]}: ${(r.reason as Error).message}`] : []));
    if (failures.length) throw new PublishError(`WebSub hub ${this.hubUrl} refused ${failures.length} of ${urls.length} ping(s): ${failures.join('; ')}`, this.hubUrl, 'websub');
  }

  private async pingOne(url: string): Promise<void> {
    const response = await this.fetchFn(this.hubUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': this.options.userAgent ?? 'newshound-websub/1' },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  }
}
