import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalContext, LocalRoute } from './context.js';

/** The local HTTP server: tries each route in order; 404 when none handles the request. */
export async function startAppServer(options: { host: string; port: number; routes: LocalRoute[]; context: () => LocalContext | undefined }) {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      try {
        const context = options.context();
        if (!context) {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2' }).end('newshound is starting\n');
          return;
        }
        for (const route of options.routes) if (await route(req, res, url, context)) return;
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      } catch (error) {
        console.error(`local server: ${req.method} ${url.pathname} failed:`, error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal error\n');
      }
    })();
  });
  await listen(server, options.host, options.port);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Listens, turning "address in use" into a message that says what to do. */
export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is in use (is another newshound running?). Choose another with --port.`) : error);
    });
    server.listen(port, host, () => resolve());
  });
}
