/**
 * The SSRF guard for every outbound request to a URL someone else chose (feeds, webhooks):
 * http(s) only, resolve once, refuse every address that is not public unicast, and hand back the
 * checked address so the caller connects to exactly that one (no second lookup to rebind).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Resolves a host name to all of its addresses (injected in tests to simulate DNS, e.g. rebinding). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export type SsrfReason = 'scheme' | 'credentials' | 'address' | 'resolution' | 'url';

export class SsrfBlockedError extends Error {
  constructor(
    readonly reason: SsrfReason,
    message: string,
  ) {
    super(message);
    this.name = 'SsrfBlockedError';
  }
}

export interface GuardOptions {
  /** Local runtime and tests only: allow 127.0.0.0/8 and ::1. */
  allowLoopback?: boolean;
  resolve?: Resolver;
}

/**
 * Why an address is refused, or undefined when it is public unicast. Covers loopback, RFC 1918,
 * link-local (169.254.169.254 among them), CGNAT 100.64/10, 0/8, multicast, reserved and
 * documentation ranges, IPv6 loopback/ULA/link-local/site-local, and IPv6 forms that embed an
 * IPv4 address (mapped, compatible, NAT64, 6to4, Teredo), which are refused outright.
 */
export function addressRefusal(address: string, opts: { allowLoopback?: boolean } = {}): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return `"${address}" is not an IP address`;
  let ip = ipaddr.parse(bare);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    else if (v6.parts.slice(0, 6).every((p) => p === 0) && v6.range() !== 'loopback' && v6.range() !== 'unspecified') {
      return `${bare} is an IPv4-compatible IPv6 address`;
    }
  }
  const range = ip.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && opts.allowLoopback) return undefined;
  return `${bare} is a ${range} address`;
}

/** Throws SsrfBlockedError unless `address` is public (or loopback when allowed). */
export function checkAddress(address: string, opts: { allowLoopback?: boolean } = {}): void {
  const refusal = addressRefusal(address, opts);
  if (refusal) throw new SsrfBlockedError('address', `refused: ${refusal}`);
}

/**
 * Validates a URL and resolves its host once. Every resolved address must pass (a host that
 * answers with one public and one private address is refused: that is how rebinding is staged).
 * Returns the URL and the address to connect to.
 */
export async function assertPublicUrl(input: string | URL, opts: GuardOptions = {}): Promise<{ url: URL } & ResolvedAddress> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new SsrfBlockedError('url', `refused: "${String(input).slice(0, 200)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SsrfBlockedError('scheme', `refused: scheme ${url.protocol} (only http and https)`);
  if (url.username || url.password) throw new SsrfBlockedError('credentials', 'refused: URLs with credentials');
  // WHATWG URL parsing already turned numeric forms such as 2130706433 or 0x7f.1 into dotted quads.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new SsrfBlockedError('url', 'refused: URL has no host');
  if (isIP(host)) {
    checkAddress(host, opts);
    return { url, address: host, family: isIP(host) === 6 ? 6 : 4 };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await (opts.resolve ?? systemResolver)(host);
  } catch (error) {
    throw new SsrfBlockedError('resolution', `cannot resolve ${host}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (addresses.length === 0) throw new SsrfBlockedError('resolution', `cannot resolve ${host}: no addresses`);
  for (const a of addresses) {
    const refusal = addressRefusal(a.address, opts);
    if (refusal) throw new SsrfBlockedError('address', `refused: ${host} resolves to ${refusal.replace(/^\S+ is/, `${a.address}, which is`)}`);
  }
  const chosen = addresses[0]!;
  return { url, address: chosen.address, family: chosen.family };
}
