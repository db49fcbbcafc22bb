import http from 'node:http';
import { GuardedHttpFetcher } from './shared/adapters/http/guarded-fetcher.js';
const srv = http.createServer((req, res) => { if (req.url === '/r') { res.writeHead(301, { location: '/feed' }); res.end(); return; } res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"x"' }); res.end('<rss version="2.0"><channel><title>t</title></channel></rss>'); });
srv.listen(0, '127.0.0.1', async () => {
  const port = (srv.address() as any).port;
  console.log(await new GuardedHttpFetcher({ allowLoopback: true }).fetch({ url: `http://127.0.0.1:${port}/r` }));
  console.log(await new GuardedHttpFetcher({}).fetch({ url: `http://127.0.0.1:${port}/r` }));
  console.log(await new GuardedHttpFetcher({}).fetch({ url: `http://2130706433:${port}/r` }));
  srv.close();
});
