/**
 * `X-Hub-Signature: <method>=<hex HMAC of the body>` (W3C WebSub §7.1). The hub picks the method from sha1, sha256,
 * sha384 and sha512 and the subscriber cannot ask for another, so all four are verified (HMAC-SHA1 is still a sound
 * MAC; the spec notes most hubs sign with it). Anything else, an absent header or a wrong signature, is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const METHODS = new Map([
  ['sha1', 40],
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

export type SignatureCheck = { ok: true; method: string } | { ok: false; reason: string };

export function verifyHubSignature(header: string | undefined, body: Uint8Array, secret: string): SignatureCheck {
  if (!header) return { ok: false, reason: 'unsigned: no X-Hub-Signature header' };
  const match = /^\s*([a-z0-9]+)=([0-9a-fA-F]+)\s*$/.exec(header);
  const method = match?.[1]?.toLowerCase();
  const hexLength = method ? METHODS.get(method) : undefined;
  if (!match || !method || !hexLength) return { ok: false, reason: `X-Hub-Signature is not <sha1|sha256|sha384|sha512>=<hex>: ${JSON.stringify(header.slice(0, 40))}` };
  if (match[2]!.length !== hexLength) return { ok: false, reason: `X-Hub-Signature ${method} has ${match[2]!.length} hex digits, not ${hexLength}` };
  const expected = createHmac(method, secret).update(body).digest();
  const given = Buffer.from(match[2]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true, method } : { ok: false, reason: `mis-signed: the ${method} signature does not match the body` };
}

/** What a hub sends (for the local hub stand-in and tests). */
export function signHubBody(body: Uint8Array | string, secret: string, method: 'sha1' | 'sha256' | 'sha384' | 'sha512' = 'sha256'): string {
  return `${method}=${createHmac(method, secret).update(body).digest('hex')}`;
}
