/**
 * Sealed, expiring tokens for links in emails and alerts (unsubscribe, preferences, confirm). The payload is
 * encrypted and authenticated (AES-256-GCM under a key derived from the secret), so a token tells nobody without
 * the secret whom it is for, and nobody can alter or forge one.
 * Format: base64url(version byte | IV (12) | ciphertext | tag (16)), canonical encoding only.
 * The IV is an HMAC of the payload (a synthetic IV): minting is a pure function, and an IV repeats only for an
 * identical payload, which then gives the identical token (GCM is safe as long as no IV serves two plaintexts).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

export interface TokenPayload {
  /** Subject, e.g. a subscriber id. */
  sub: string;
  /** What the token may be used for, e.g. 'unsubscribe', 'preferences', 'confirm'. */
  purpose: string;
  /** Expiry, epoch seconds. */
  exp: number;
  /** What exactly it acts on, when the subject is not enough (e.g. the pending change a confirm link applies). */
  ref?: string;
}

const VERSION = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function keys(secret: string): { cipher: Buffer; iv: Buffer } {
  const okm = Buffer.from(hkdfSync('sha256', secret, 'newshound', 'link token v2', 64));
  return { cipher: okm.subarray(0, 32), iv: okm.subarray(32) };
}

export function signToken(secret: string, payload: TokenPayload): string {
  if (!secret) throw new Error('signToken: empty secret');
  if (!Number.isFinite(payload.exp)) throw new Error('signToken: exp must be epoch seconds');
  const plain = Buffer.from(JSON.stringify({ s: payload.sub, p: payload.purpose, e: Math.floor(payload.exp), ...(payload.ref ? { r: payload.ref } : {}) }), 'utf8');
  const k = keys(secret);
  const header = Buffer.from([VERSION]);
  const iv = createHmac('sha256', k.iv).update(plain).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', k.cipher, iv, { authTagLength: TAG_BYTES }).setAAD(header);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([header, iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The payload of an authentic token, whatever its purpose and expiry; undefined for anything else. */
export function openToken(secret: string, token: string): TokenPayload | undefined {
  if (!secret || typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !BASE64URL.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  // One spelling per token: trailing bits a lenient decoder ignores would give a second one.
  if (bytes.toString('base64url') !== token || bytes.length < 1 + IV_BYTES + TAG_BYTES + 1 || bytes[0] !== VERSION) return undefined;
  const k = keys(secret);
  const decipher = createDecipheriv('aes-256-gcm', k.cipher, bytes.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES }).setAAD(bytes.subarray(0, 1));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  let parsed: unknown;
  try {
    const plain = Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    parsed = JSON.parse(plain.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { s, p, e, r } = parsed as Record<string, unknown>;
  if (typeof s !== 'string' || typeof p !== 'string' || typeof e !== 'number' || (r !== undefined && typeof r !== 'string')) return undefined;
  return { sub: s, purpose: p, exp: e, ...(r !== undefined ? { ref: r } : {}) };
}

/** The payload when the token is authentic, meant for `purpose` and not expired at `nowEpochSeconds`; else undefined. */
export function verifyToken(secret: string, token: string, purpose: string, nowEpochSeconds: number): TokenPayload | undefined {
  const payload = openToken(secret, token);
  if (!payload || payload.purpose !== purpose || !(nowEpochSeconds < payload.exp)) return undefined;
  return payload;
}
