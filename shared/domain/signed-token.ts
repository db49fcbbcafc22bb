/**
 * HMAC-signed, expiring tokens for links in alerts (unsubscribe, preferences, confirm).
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA256(secret, "v1." + encodedPayload)).
 * Compact enough for a URL, readable by nobody but the holder of the secret, checked in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenPayload {
  /** Subject, e.g. a subscriber id. */
  sub: string;
  /** What the token may be used for, e.g. 'unsubscribe', 'preferences', 'confirm'. */
  purpose: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

const VERSION = 'v1';
const MAX_TOKEN_LENGTH = 2048;

function mac(secret: string, encodedPayload: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}.${encodedPayload}`).digest();
}

export function signToken(secret: string, payload: TokenPayload): string {
  if (!secret) throw new Error('signToken: empty secret');
  if (!Number.isFinite(payload.exp)) throw new Error('signToken: exp must be epoch seconds');
  const body = Buffer.from(JSON.stringify({ sub: payload.sub, purpose: payload.purpose, exp: Math.floor(payload.exp) }), 'utf8').toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** The payload when the token is authentic, meant for `purpose` and not expired at `nowEpochSeconds`; else undefined. */
export function verifyToken(secret: string, token: string, purpose: string, nowEpochSeconds: number): TokenPayload | undefined {
  if (!secret || typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
  const body = token.slice(0, dot);
  // Compare the canonical encodings (so no two spellings of one MAC verify), equal lengths only: a MAC's length is public.
  const given = Buffer.from(token.slice(dot + 1), 'utf8');
  const expected = Buffer.from(mac(secret, body).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { sub, purpose: p, exp } = parsed as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof p !== 'string' || typeof exp !== 'number') return undefined;
  if (p !== purpose) return undefined;
  if (!(nowEpochSeconds < exp)) return undefined;
  return { sub, purpose: p, exp };
}
