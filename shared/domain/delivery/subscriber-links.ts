/** The unsubscribe and preferences links every email alert carries: the same sealed links the subscription pages serve. */
import { linkUrl, type LinkConfig } from '../subscription/links.js';

export const DEFAULT_LINK_TTL_DAYS = 180;

export interface AlertLinkConfig {
  publicBaseUrl: string;
  tokenSecret: string;
  linkTtlDays?: number;
}

export function subscriberLinks(cfg: AlertLinkConfig, subscriberId: string, now: Date): { unsubscribeUrl: string; preferencesUrl: string } {
  // Alerts never carry a confirm link, so its lifetime is never read.
  const links: LinkConfig = { publicBaseUrl: cfg.publicBaseUrl, tokenSecret: cfg.tokenSecret, linkTtlDays: cfg.linkTtlDays ?? DEFAULT_LINK_TTL_DAYS, confirmTtlHours: 0 };
  return { unsubscribeUrl: linkUrl(links, 'unsubscribe', subscriberId, now), preferencesUrl: linkUrl(links, 'preferences', subscriberId, now) };
}
