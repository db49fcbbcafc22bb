/**
 * Version 1 link tokens: base64url(JSON payload) "." base64url(HMAC-SHA256(secret, "v1." + encodedPayload)).
 * Signed but readable by anyone. None are minted any more; this reads the ones still in inboxes until they expire.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenPayload } from './signed-token.js';

const MAX_TOKEN_LENGTH = 2048;

/** The payload of an authentic version 1 token, whatever its purpose and expiry; undefined for anything else. */
export function openLegacyToken(secret: string, token: string): TokenPayload | undefined {
  if (!secret || typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
  const body = token.slice(0, dot);
  // Compare the canonical encodings (so no two spellings of one MAC verify), equal lengths only: a MAC's length is public.
  const given = Buffer.from(token.slice(dot + 1), 'utf8');
  const expected = Buffer.from(createHmac('sha256', secret).update(`v1.${body}`).digest('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { sub, purpose, exp } = parsed as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof purpose !== 'string' || typeof exp !== 'number') return undefined;
  return { sub, purpose, exp };
}
