import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PAGE_HEADERS } from '../../shared/domain/pages/layout.js';
import type { LocalContext, LocalRoute } from './context.js';
import { listen } from './in-use.js';
import { checkRequest, loopbackHosts, refuse } from './loopback-guard.js';
import { notFoundPage } from './pages/local-layout.js';

/** The local HTTP server: tries each route in order; a 404 page when none handles the request. */
export async function startAppServer(options: { host: string; port: number; routes: LocalRoute[]; context: () => LocalContext | undefined }) {
  let hosts = new Set<string>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const check = checkRequest(req, hosts);
    if (!check.ok) return refuse(res, check, req);
    const context = options.context();
    if (!context) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2' }).end('newshound is starting\n');
      return;
    }
    for (const route of options.routes) if (await route(req, res, check.url, context)) return;
    res.writeHead(404, PAGE_HEADERS).end(req.method === 'HEAD' ? undefined : notFoundPage(check.url.pathname, context.urls));
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`local server: ${req.method} ${JSON.stringify(req.url)} failed:`, error);
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal error\n');
    });
  });
  await listen(server, options.host, options.port, 'the status page');
  const { port } = server.address() as AddressInfo;
  hosts = loopbackHosts(port);
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
