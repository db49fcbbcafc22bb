import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSubPinger } from '../../../shared/adapters/http/websub-pinger.js';
import { ConfigError, PublishError } from '../../../shared/ports/errors.js';
import { publishTopicFeeds } from '../../../shared/usecases/publish-feeds.js';
import { anArticle } from '../../support/factories.js';
import { MemoryArticleStore, MemoryFeedPublisher, MemoryMatchStore } from '../../support/memory-stores.js';
import { BASE_URL, feedTopic, goldenArticles, goldenMatches, goldenTopics } from '../../unit/syndication/fixtures.js';

/** A WebSub hub stand-in: records publish pings; answers 204, or `status` for URLs listed in `refuse`. */
class HubStandIn {
  readonly pings: { contentType: string | undefined; params: Record<string, string[]> }[] = [];
  refuse = new Map<string, number>();
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const params: Record<string, string[]> = {};
      for (const [k, v] of form) (params[k] ??= []).push(v);
      this.pings.push({ contentType: req.headers['content-type'], params });
      const status = req.method !== 'POST' ? 405 : form.get('hub.mode') !== 'publish' ? 400 : (this.refuse.get(form.get('hub.url') ?? '') ?? 204);
      res.writeHead(status).end();
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hub`;
  }
  stop() {
    return new Promise((resolve) => this.server.close(resolve));
  }
  pingedUrls() {
    return this.pings.flatMap((p) => p.params['hub.url'] ?? []).sort();
  }
}

describe('WebSubPinger against a loopback hub', () => {
  const hub = new HubStandIn();
  beforeAll(() => hub.start());
  afterAll(() => hub.stop());
  beforeEach(() => {
    hub.pings.length = 0;
    hub.refuse.clear();
  });

  it('POSTs hub.mode=publish&hub.url=<feed>, form-encoded, once per distinct URL', async () => {
    await new WebSubPinger(hub.url).ping([`${BASE_URL}/feeds/csto.xml`, `${BASE_URL}/feeds/csto.atom`, `${BASE_URL}/feeds/csto.xml`]);
    expect(hub.pings).toHaveLength(2);
    for (const ping of hub.pings) {
      expect(ping.contentType).toBe('application/x-www-form-urlencoded');
      expect(ping.params['hub.mode']).toEqual(['publish']);
    }
    expect(hub.pingedUrls()).toEqual([`${BASE_URL}/feeds/csto.atom`, `${BASE_URL}/feeds/csto.xml`]);
  });

  it('tries every URL and throws one PublishError naming the refused ones', async () => {
    hub.refuse.set(`${BASE_URL}/feeds/bad.xml`, 500);
    const error = await new WebSubPinger(hub.url).ping([`${BASE_URL}/feeds/bad.xml`, `${BASE_URL}/feeds/good.xml`]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).message).toContain('bad.xml: HTTP 500');
    expect(hub.pings).toHaveLength(2);
  });

  it('throws a PublishError when the hub is unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(new WebSubPinger(`http://127.0.0.1:${port}/`).ping(['https://x.example/f.xml'])).rejects.toBeInstanceOf(PublishError);
  });

  it.each(['not a url', 'ftp://hub.example/'])('refuses the hub URL %j as config', (url) => {
    expect(() => new WebSubPinger(url)).toThrow(ConfigError);
  });

  it('publish-feeds pings the hub for the public feeds that changed, and only then', async () => {
    const articles = new MemoryArticleStore();
    const matches = new MemoryMatchStore();
    for (const a of goldenArticles) await articles.putIfAbsent(a);
    for (const m of goldenMatches) await matches.putPending(m);
    const deps = {
      articles,
      matches,
      publisher: new MemoryFeedPublisher(),
      config: { baseUrl: BASE_URL, itemsPerFeed: 10, hubUrl: hub.url, topics: goldenTopics.map(feedTopic), partners: [{ id: 'acme', token: 'aHViLXRlc3QtcGFydG5lci10b2tlbi0xMjM0NTY3OA', topics: ['csto'] }] },
      websub: new WebSubPinger(hub.url),
    };
    await publishTopicFeeds(deps, { topicIds: ['csto'] });
    const all = ['all', 'csto', 'nagorno-karabakh'].flatMap((n) => ['atom', 'json', 'xml'].map((e) => `${BASE_URL}/feeds/${n}.${e}`)).sort();
    expect(hub.pingedUrls()).toEqual(all);
    expect(deps.publisher.files.get('feeds/csto.atom')!.body).toContain(`<link rel="hub" href="${hub.url}"/>`);

    hub.pings.length = 0;
    await publishTopicFeeds(deps, { topicIds: ['csto'] });
    expect(hub.pings).toEqual([]);

    await articles.putIfAbsent(anArticle({ id: 'fresh' }));
    await matches.putPending({ articleId: 'fresh', topicId: 'nagorno-karabakh', matchedAt: '2026-11-22T00:00:00.000Z', terms: [{ term: 'Karabakh', field: 'text', snippet: 'Karabakh' }] });
    await publishTopicFeeds(deps, { topicIds: ['nagorno-karabakh'] });
    expect(hub.pingedUrls()).toEqual(['all', 'nagorno-karabakh'].flatMap((n) => ['atom', 'json', 'xml'].map((e) => `${BASE_URL}/feeds/${n}.${e}`)).sort());
  });
});
