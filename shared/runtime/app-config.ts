import { z } from 'zod';
import { PARTNER_TOKEN_PATTERN } from '../domain/syndication/partners.js';
import { ConfigError } from '../ports/errors.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
const localClock = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM"');

const example = z.object({ title: z.string().min(1), text: z.string().optional() });

export const topicSchema = z.object({
  id,
  name: z.string().min(1),
  query: z.string().min(1),
  description: z.string().optional(),
  examples: z.object({ match: z.array(example).optional(), noMatch: z.array(example).optional() }).optional(),
});

export const feedSourceSchema = z.object({
  id,
  url: z.string().url(),
  title: z.string().optional(),
  enabled: z.boolean().optional(),
});

export const subscriberSchema = z.object({
  id,
  name: z.string().optional(),
  email: z.string().email().optional(),
  telegramChatId: z.string().regex(/^-?\d+$/, 'a numeric Telegram chat id').optional(),
  webhookUrl: z.string().url().optional(),
  topics: z.array(id).min(1),
  channels: z.array(z.enum(['email', 'telegram', 'webhook'])).min(1),
  mode: z.enum(['instant', 'digest']).default('instant'),
  timeZone: z.string().default('UTC'),
  status: z.enum(['active', 'pending', 'unsubscribed', 'suppressed', 'paused']).default('active'),
  quietHours: z.object({ start: localClock, end: localClock }).optional(),
  digest: z.object({ frequency: z.enum(['hourly', 'daily']), at: localClock.optional() }).optional(),
  webhookSecret: z.string().min(16).optional(),
});

/** Alert delivery (issue 5): pacing, storm control, retries, link lifetime. Secrets (bot token, token and webhook signing keys) are not config. */
export const deliverySchema = z.object({
  telegram: z
    .object({
      /** Bot API base URL; locally the stand-in's URL. */
      apiBase: z.string().url().default('https://api.telegram.org'),
      perChatPerSecond: z.number().positive().default(1),
      perBotPerSecond: z.number().positive().default(25),
      timeoutMs: z.number().int().min(100).default(10_000),
    })
    .prefault({}),
  storm: z.object({ threshold: z.number().int().min(1).default(20), windowMinutes: z.number().int().min(1).default(60) }).prefault({}),
  webhook: z.object({ timeoutMs: z.number().int().min(100).default(10_000) }).prefault({}),
  /** Attempts before a failing delivery is parked with its reason (keep the DLQ maxReceiveCount above it). */
  maxAttempts: z.number().int().min(1).default(10),
  /** Lifetime of unsubscribe/preferences links in alerts. */
  linkTtlDays: z.number().int().min(1).default(180),
  /** Ledger lease while one consumer sends. */
  leaseSeconds: z.number().int().min(5).default(60),
});

/** A partner's private feeds under feeds/private/<token>/; set `revoked` to remove them on the next publish. */
export const partnerSchema = z
  .object({
    id,
    /** Inline token (local/dev). In AWS prefer `tokenSecretName`, resolved at cold start. */
    token: z.string().regex(PARTNER_TOKEN_PATTERN, 'at least 32 characters of A-Z a-z 0-9 _ - (≥ 128 bits of randomness)').optional(),
    /** Secrets Manager name or ARN holding the token. */
    tokenSecretName: z.string().min(1).optional(),
    topics: z.array(id).min(1),
    revoked: z.boolean().optional(),
  })
  .refine((p) => Boolean(p.token) !== Boolean(p.tokenSecretName), { message: 'exactly one of token or tokenSecretName', path: ['token'] });

/** Syndication feeds out (issue 6). */
export const syndicationSchema = z.object({
  itemsPerFeed: z.number().int().min(1).max(500).default(50),
  /** WebSub hub the public feeds declare and ping after a change. */
  hubUrl: z.string().url().optional(),
});

/** Self-service subscriptions (issue 7): double opt-in, abuse limits, the Telegram bot. */
export const subscriptionsSchema = z.object({
  /** Lifetime of the double opt-in link. */
  confirmTtlHours: z.number().int().min(1).max(72).default(24),
  /** Subscribe requests per client IP (IPv6 per /64) and per address, in fixed windows. */
  rateLimits: z
    .object({
      perIp: z.object({ limit: z.number().int().min(1).default(20), windowMinutes: z.number().int().min(1).default(60) }).prefault({}),
      perAddress: z.object({ limit: z.number().int().min(1).default(3), windowMinutes: z.number().int().min(1).default(60) }).prefault({}),
    })
    .prefault({}),
  /** The bot's @username without "@": commands addressed to another bot (/start@other_bot) are ignored. */
  telegramBotUsername: z.string().regex(/^[A-Za-z0-9_]{5,64}$/, 'a Telegram bot username without "@"').optional(),
});

export const appConfigSchema = z
  .object({
    stage: z.string().regex(/^[a-z][a-z0-9-]*$/),
    /** Public base URL of the HTTP API / feeds (links in alerts, unsubscribe URLs). */
    publicBaseUrl: z.string().url(),
    email: z.object({ from: z.string().email(), replyTo: z.string().email().optional() }),
    polling: z
      .object({
        minIntervalMinutes: z.number().int().min(1).default(5),
        maxIntervalMinutes: z.number().int().min(1).default(24 * 60),
        maxBodyBytes: z.number().int().min(1024).default(10 * 1024 * 1024),
        fetchTimeoutMs: z.number().int().min(1000).default(20_000),
      })
      .prefault({}),
    feeds: z.array(feedSourceSchema),
    topics: z.array(topicSchema),
    subscribers: z.array(subscriberSchema).default([]),
    delivery: deliverySchema.prefault({}),
    syndication: syndicationSchema.optional(),
    partners: z.array(partnerSchema).optional(),
    subscriptions: subscriptionsSchema.prefault({}),
  })
  .superRefine((cfg, ctx) => {
    const seen = (kind: 'feeds' | 'topics' | 'subscribers') => {
      const ids = new Set<string>();
      cfg[kind].forEach((item, i) => {
        if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: [kind, i, 'id'], message: `duplicate id "${item.id}"` });
        ids.add(item.id);
      });
    };
    seen('feeds');
    seen('topics');
    seen('subscribers');
    const topicIds = new Set(cfg.topics.map((t) => t.id));
    cfg.topics.forEach((t, i) => {
      if (t.id === 'all') ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: '"all" is reserved for the combined feed' });
    });
    const partnerIds = new Set<string>();
    const partnerTokens = new Set<string>();
    (cfg.partners ?? []).forEach((p, i) => {
      if (partnerIds.has(p.id)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'id'], message: `duplicate id "${p.id}"` });
      partnerIds.add(p.id);
      if (p.token && partnerTokens.has(p.token)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'token'], message: 'token shared with another partner' });
      if (p.token) partnerTokens.add(p.token);
      p.topics.forEach((t, j) => {
        if (!topicIds.has(t)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'topics', j], message: `unknown topic "${t}"` });
      });
    });
    cfg.subscribers.forEach((s, i) => {
      s.topics.forEach((t, j) => {
        if (!topicIds.has(t)) ctx.addIssue({ code: 'custom', path: ['subscribers', i, 'topics', j], message: `unknown topic "${t}"` });
      });
      if (s.channels.includes('email') && !s.email) ctx.addIssue({ code: 'custom', path: ['subscribers', i, 'email'], message: 'required for the email channel' });
      if (s.channels.includes('telegram') && !s.telegramChatId) ctx.addIssue({ code: 'custom', path: ['subscribers', i, 'telegramChatId'], message: 'required for the telegram channel' });
      if (s.channels.includes('webhook') && !s.webhookUrl) ctx.addIssue({ code: 'custom', path: ['subscribers', i, 'webhookUrl'], message: 'required for the webhook channel' });
    });
  });

export type AppConfig = z.infer<typeof appConfigSchema>;
export type AppConfigInput = z.input<typeof appConfigSchema>;

/** Validates raw config; throws ConfigError naming the first offending key (e.g. `topics[1].query`). */
export function parseAppConfig(raw: unknown): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
  throw new ConfigError(key || '(root)', issue.message);
}
