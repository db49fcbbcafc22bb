/**
 * Links of the subscription pages, carrying sealed tokens. Purposes: 'confirm' (double opt-in, short-lived, names
 * the pending change it applies), 'preferences' and 'unsubscribe' (the same links delivery puts in every alert).
 */
import { openLegacyToken } from '../legacy-signed-token.js';
import { openToken, signToken, type TokenPayload } from '../signed-token.js';

export type LinkPurpose = 'confirm' | 'preferences' | 'unsubscribe';

export interface LinkConfig {
  publicBaseUrl: string;
  tokenSecret: string;
  confirmTtlHours: number;
  linkTtlDays: number;
}

export interface LinkOptions {
  /** The pending change a confirm link applies. */
  ref?: string;
  /** Epoch seconds the link must not outlive (the expiry of the link that led to the page showing it). */
  notAfter?: number;
}

/**
 * Version 1 tokens (readable, their subject derived from the address) are honoured for these purposes until they
 * expire, because they are the unsubscribe and preferences links in alerts already delivered. A version 1 confirm
 * link is at most a day old and names no pending change: it counts as expired (the person subscribes again).
 */
const LEGACY_PURPOSES: ReadonlySet<LinkPurpose> = new Set(['preferences', 'unsubscribe']);

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export function linkToken(cfg: LinkConfig, purpose: LinkPurpose, subscriberId: string, now: Date, options: LinkOptions = {}): string {
  const ttl = purpose === 'confirm' ? cfg.confirmTtlHours * 3600 : cfg.linkTtlDays * 86_400;
  const exp = Math.min(epoch(now) + ttl, options.notAfter ?? Number.POSITIVE_INFINITY);
  return signToken(cfg.tokenSecret, { sub: subscriberId, purpose, exp, ...(options.ref ? { ref: options.ref } : {}) });
}

export function linkUrl(cfg: LinkConfig, purpose: LinkPurpose, subscriberId: string, now: Date, options: LinkOptions = {}): string {
  return `${cfg.publicBaseUrl.replace(/\/+$/, '')}/${purpose}?token=${encodeURIComponent(linkToken(cfg, purpose, subscriberId, now, options))}`;
}

export type TokenCheck = { kind: 'valid'; payload: TokenPayload } | { kind: 'expired' } | { kind: 'invalid' };

/** Authentic, meant for `purpose` and current; or authentic but expired (so the page can say so); or not ours at all. */
export function checkLinkToken(secret: string, token: string | undefined, purpose: LinkPurpose, now: Date): TokenCheck {
  if (!token) return { kind: 'invalid' };
  const sealed = openToken(secret, token);
  const legacy = sealed ? undefined : openLegacyToken(secret, token);
  const payload = sealed ?? legacy;
  if (!payload || payload.purpose !== purpose) return { kind: 'invalid' };
  if (legacy && !LEGACY_PURPOSES.has(purpose)) return { kind: 'expired' };
  return epoch(now) < payload.exp ? { kind: 'valid', payload } : { kind: 'expired' };
}
