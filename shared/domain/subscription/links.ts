/**
 * Signed links of the subscription pages. Purposes: 'confirm' (double opt-in, short-lived),
 * 'preferences' and 'unsubscribe' (the same links delivery puts in every alert).
 */
import { signToken, verifyToken, type TokenPayload } from '../signed-token.js';

export type LinkPurpose = 'confirm' | 'preferences' | 'unsubscribe';

export interface LinkConfig {
  publicBaseUrl: string;
  tokenSecret: string;
  confirmTtlHours: number;
  linkTtlDays: number;
}

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export function linkToken(cfg: LinkConfig, purpose: LinkPurpose, subscriberId: string, now: Date): string {
  const ttl = purpose === 'confirm' ? cfg.confirmTtlHours * 3600 : cfg.linkTtlDays * 86_400;
  return signToken(cfg.tokenSecret, { sub: subscriberId, purpose, exp: epoch(now) + ttl });
}

export function linkUrl(cfg: LinkConfig, purpose: LinkPurpose, subscriberId: string, now: Date): string {
  return `${cfg.publicBaseUrl.replace(/\/+$/, '')}/${purpose}?token=${encodeURIComponent(linkToken(cfg, purpose, subscriberId, now))}`;
}

export type TokenCheck = { kind: 'valid'; payload: TokenPayload } | { kind: 'expired' } | { kind: 'invalid' };

/** Authentic and current; or authentic but expired (so the page can say so); or not ours at all. */
export function checkLinkToken(secret: string, token: string | undefined, purpose: LinkPurpose, now: Date): TokenCheck {
  if (!token) return { kind: 'invalid' };
  const payload = verifyToken(secret, token, purpose, epoch(now));
  if (payload) return { kind: 'valid', payload };
  // Authentic tokens verify at the dawn of time; only the expiry differs.
  return verifyToken(secret, token, purpose, 0) ? { kind: 'expired' } : { kind: 'invalid' };
}
