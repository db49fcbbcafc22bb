/**
 * Everything secret about our WebSub subscriptions derives from one generated master key (an SSM SecureString):
 * each feed's callback token (the unguessable part of its callback URL) and each subscription's `hub.secret`
 * (the HMAC key the hub signs pushed bodies with). Nothing secret is stored in the table or the environment, and a
 * new hub or topic gets a new secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

function derive(masterKey: string, ...parts: string[]): string {
  return createHmac('sha256', masterKey).update(parts.join('\0')).digest('base64url');
}

/** The token in a feed's callback URL (43 characters). */
export function callbackToken(masterKey: string, feedId: string): string {
  return derive(masterKey, 'websub-callback', feedId);
}

/** Whether a callback's token is the one we gave that feed's hub (constant-time). */
export function isCallbackToken(masterKey: string, feedId: string, token: string): boolean {
  const expected = Buffer.from(callbackToken(masterKey, feedId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `hub.secret` of one subscription (hub and topic): 43 characters, within WebSub's 200-byte limit. */
export function hubSecret(masterKey: string, feedId: string, hub: string, topic: string): string {
  return derive(masterKey, 'websub-secret', feedId, hub, topic);
}

/** The callback URL for a feed: `<public base>/websub?feed=<id>&token=<token>` (the hub appends its own parameters). */
export function callbackUrl(publicBaseUrl: string, path: string, masterKey: string, feedId: string): string {
  // Relative to the base, which may carry a path of its own (an API stage): `/websub` must not replace it.
  const url = new URL(path.replace(/^\/+/, ''), publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`);
  url.searchParams.set('feed', feedId);
  url.searchParams.set('token', callbackToken(masterKey, feedId));
  return url.href;
}
