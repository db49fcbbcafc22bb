import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Feed bodies by feed number, each with its ETag; a bench changes the map between polls. */
export type FeedBodies = Map<number, { body: Buffer; etag: string }>;

/** Called as a request arrives, with what it will be answered. */
export type OnFeedRequest = (request: { feed: number; status: 200 | 304 | 404; etag?: string }) => void;

/**
 * A loopback server for benches: GET /feed/<n> serves `bodies`, answering 304 to a matching If-None-Match; with
 * `page`, GET /page/<feed>/<n> serves the article page it makes (full text).
 */
export async function startFeedServer(bodies: FeedBodies, onRequest: OnFeedRequest = () => {}, page?: (feed: number, n: number) => string) {
  const server = createServer((req, res) => {
    const article = /^\/page\/(\d+)\/(\d+)$/.exec(req.url ?? '');
    if (article && page) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(Number(article[1]), Number(article[2])));
    const feed = Number(/\/feed\/(\d+)/.exec(req.url ?? '')?.[1]);
    const served = bodies.get(feed);
    if (!served) {
      onRequest({ feed, status: 404 });
      return void res.writeHead(404).end();
    }
    const status = req.headers['if-none-match'] === served.etag ? 304 : 200;
    onRequest({ feed, status, etag: served.etag });
    if (status === 304) return void res.writeHead(304, { etag: served.etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: served.etag }).end(served.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
