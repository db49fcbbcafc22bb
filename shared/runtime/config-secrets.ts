/**
 * Secret values the config may hold inline, in the local stage only: a partner's `token` and a webhook receiver's
 * `webhookSecret`. Elsewhere they live in the partner-tokens and webhook-keys parameters (synth refuses them inline:
 * infra/stacks/load-config.ts), and in every stage they are taken out of what is bundled into the functions, which
 * read them from Parameter Store; the local runtime puts inline values there for them.
 */
import type { AppConfig } from './app-config.js';

export interface InlineSecret {
  /** The config key, e.g. `partners[0].token`. */
  key: string;
  /** Where the value belongs instead. */
  secret: 'PartnerTokens' | 'WebhookKeys';
  /** The partner or subscriber id it is stored under there. */
  id: string;
  value: string;
}

export function inlineSecrets(config: Pick<AppConfig, 'partners' | 'subscribers'>): InlineSecret[] {
  return [
    ...(config.partners ?? []).flatMap((p, i) => (p.token ? [{ key: `partners[${i}].token`, secret: 'PartnerTokens' as const, id: p.id, value: p.token }] : [])),
    ...config.subscribers.flatMap((s, i) => (s.webhookSecret ? [{ key: `subscribers[${i}].webhookSecret`, secret: 'WebhookKeys' as const, id: s.id, value: s.webhookSecret }] : [])),
  ];
}

/** The config without inline secret values: what is bundled into the functions and hashed into their environment. */
export function withoutInlineSecrets(config: AppConfig): AppConfig {
  return {
    ...config,
    subscribers: config.subscribers.map(({ webhookSecret: _secret, ...subscriber }) => subscriber),
    ...(config.partners ? { partners: config.partners.map(({ token: _token, ...partner }) => partner) } : {}),
  };
}
