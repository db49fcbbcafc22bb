/** Version 1 link tokens as newshound minted them before tokens were sealed (readable JSON, HMAC-signed): for tests of links still in inboxes. */
import { createHmac } from 'node:crypto';

export function legacyToken(secret: string, payload: { sub: string; purpose: string; exp: number }): string {
  const body = Buffer.from(JSON.stringify({ sub: payload.sub, purpose: payload.purpose, exp: Math.floor(payload.exp) }), 'utf8').toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(`v1.${body}`).digest('base64url')}`;
}
