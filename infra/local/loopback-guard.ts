/**
 * What every local server checks before it looks at a request. It listens on loopback, but a web page can still reach
 * it through DNS rebinding (its own name resolving to 127.0.0.1): such a request carries that name in Host, so only
 * the server's own names pass (127.0.0.1:<port>, localhost:<port>, [::1]:<port>), answered 421 otherwise. The request
 * target is parsed here too, so no request line or Host header can make a handler throw while parsing it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export type RequestCheck = { ok: true; url: URL } | { ok: false; status: 400 | 421; message: string };

/** The names a loopback server on `port` answers to. */
export function loopbackHosts(port: number): Set<string> {
  // Clients leave out the default port.
  return new Set(LOOPBACK_NAMES.flatMap((name) => (port === 80 ? [name, `${name}:80`] : [`${name}:${port}`])));
}

/** The request's URL if its Host (and an absolute-form target's authority) is one of `hosts`. */
export function checkRequest(req: Pick<IncomingMessage, 'url' | 'headers'>, hosts: Set<string>): RequestCheck {
  const host = req.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) return { ok: false, status: 421, message: 'Misdirected request: this server answers only to its loopback address\n' };
  const target = req.url ?? '';
  try {
    if (target.startsWith('/')) return { ok: true, url: new URL(`http://${host}${target}`) };
    // Absolute form (a proxy request): its authority must be ours as well.
    const absolute = new URL(target);
    if (absolute.protocol !== 'http:' || !hosts.has(absolute.host)) return { ok: false, status: 421, message: 'Misdirected request\n' };
    return { ok: true, url: absolute };
  } catch {
    return { ok: false, status: 400, message: 'Bad request target\n' };
  }
}

/** Answers a refused request (and lets its body drain). */
export function refuse(res: ServerResponse, check: Extract<RequestCheck, { ok: false }>, req?: IncomingMessage): void {
  req?.resume();
  if (res.headersSent) return void res.destroy();
  res.writeHead(check.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' }).end(check.message);
}

/**
 * Puts the check in front of a server we do not own (aws-ses-v2-local, dynalite): its own request listeners only see
 * requests that pass. Call it once the server listens (the allowed names carry its port).
 */
export function guardServer(server: Server): void {
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  const hosts = loopbackHosts((server.address() as AddressInfo).port);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const check = checkRequest(req, hosts);
    if (!check.ok) return refuse(res, check, req);
    for (const listener of listeners) listener.call(server, req, res);
    containRequestErrors(req);
  });
}

/**
 * dynalite rethrows a request's stream error (a client that went away mid-body), which would end the whole process:
 * the request's own error listeners run, and what they throw drops that request only.
 */
function containRequestErrors(req: IncomingMessage): void {
  const own = req.listeners('error') as ((error: Error) => void)[];
  req.removeAllListeners('error');
  req.on('error', (error: Error) => {
    for (const listener of own) {
      try {
        listener.call(req, error);
      } catch {
        req.socket.destroy();
      }
    }
  });
}
