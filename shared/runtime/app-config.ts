import * as z from 'zod/mini';
import '../domain/zod-messages.js';
import { DEFAULT_REQUEST_LIMITS } from '../domain/subscription/rate-limit-defaults.js';
import { WEBHOOK_KEY_PATTERN, WEBHOOK_KEY_RULE } from '../domain/delivery/webhook-keys.js';
import { PARTNER_TOKEN_PATTERN, PARTNER_TOKEN_RULE } from '../domain/syndication/partners.js';
import { ConfigError } from '../ports/errors.js';

// zod/mini (about 15 KB bundled) rather than zod (about 450 KB): this module ships in every Lambda bundle.
const text = (min = 1) => z.string().check(z.minLength(min));
const matching = (re: RegExp, message: string) => z.string().check(z.regex(re, message));
const intAtLeast = (min: number) => z.int().check(z.gte(min));
const rateRule = (defaults: { limit: number; windowMinutes: number }) =>
  z.prefault(z.object({ limit: z._default(intAtLeast(1), defaults.limit), windowMinutes: z._default(intAtLeast(1), defaults.windowMinutes) }), {});
const id = matching(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
/** Text that ends up in a mail header (the sender's name, a topic's name in List-Id): one line, or it could add headers. */
const oneLine = (min = 1) => text(min).check(z.refine((v) => !/[\r\n]/.test(v), 'must be one line: no line breaks (CR or LF)'));
/** A BCP 47 language tag such as "en", "ru" or "pt-BR" (the emails' <html lang>). */
const languageTag = matching(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'a language tag such as "en", "ru" or "pt-BR"');
const localClock = matching(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM"');

const example = z.object({ title: text(), text: z.optional(z.string()) });

export const topicSchema = z.object({
  id,
  name: oneLine(),
  query: text(),
  description: z.optional(z.string()),
  examples: z.optional(z.object({ match: z.optional(z.array(example)), noMatch: z.optional(z.array(example)) })),
});

export const feedSourceSchema = z.object({
  id,
  url: z.url(),
  title: z.optional(z.string()),
  enabled: z.optional(z.boolean()),
  /** Match on the article page's text too: when the feed text is a summary (auto, the default when absent), for every item, or never. */
  fullText: z.optional(z.enum(['auto', 'always', 'never'])),
});

export const subscriberSchema = z.object({
  id,
  name: z.optional(z.string()),
  email: z.optional(z.email()),
  telegramChatId: z.optional(matching(/^-?\d+$/, 'a numeric Telegram chat id')),
  webhookUrl: z.optional(z.url()),
  topics: z.array(id).check(z.minLength(1)),
  channels: z.array(z.enum(['email', 'telegram', 'webhook'])).check(z.minLength(1)),
  mode: z._default(z.enum(['instant', 'digest']), 'instant'),
  timeZone: z._default(z.string(), 'UTC'),
  status: z._default(z.enum(['active', 'pending', 'unsubscribed', 'suppressed', 'paused']), 'active'),
  quietHours: z.optional(z.object({ start: localClock, end: localClock })),
  digest: z.optional(z.object({ frequency: z.enum(['hourly', 'daily']), at: z.optional(localClock) })),
  /** Local stage only: this receiver's webhook key (elsewhere it lives in the WebhookKeys secret; see config-secrets.ts). */
  webhookSecret: z.optional(matching(WEBHOOK_KEY_PATTERN, WEBHOOK_KEY_RULE)),
});

/** Alert delivery: pacing, storm control, retries, link lifetime. Secrets (bot token, signing key, webhook keys) are not config. */
export const deliverySchema = z.object({
  telegram: z.prefault(
    z.object({
      /** Bot API base URL; locally the stand-in's URL. */
      apiBase: z._default(z.url(), 'https://api.telegram.org'),
      perChatPerSecond: z._default(z.number().check(z.positive()), 1),
      perBotPerSecond: z._default(z.number().check(z.positive()), 25),
      timeoutMs: z._default(intAtLeast(100), 10_000),
    }),
    {},
  ),
  storm: z.prefault(z.object({ threshold: z._default(intAtLeast(1), 20), windowMinutes: z._default(intAtLeast(1), 60) }), {}),
  webhook: z.prefault(z.object({ timeoutMs: z._default(intAtLeast(100), 10_000) }), {}),
  /** Attempts before a failing delivery is parked with its reason (keep the DLQ maxReceiveCount above it). */
  maxAttempts: z._default(intAtLeast(1), 10),
  /** Lifetime of unsubscribe/preferences links in alerts. */
  linkTtlDays: z._default(intAtLeast(1), 180),
  /** Ledger lease while one consumer sends. */
  leaseSeconds: z._default(intAtLeast(5), 60),
});

/** A partner's private feeds under feeds/private/<token>/; set `revoked` to remove them on the next publish. */
export const partnerSchema = z.object({
  id,
  /** Local stage only: the partner's token (elsewhere it lives in the PartnerTokens secret; see config-secrets.ts). */
  token: z.optional(matching(PARTNER_TOKEN_PATTERN, PARTNER_TOKEN_RULE)),
  topics: z.array(id).check(z.minLength(1)),
  revoked: z.optional(z.boolean()),
});

/** Syndication feeds out (issue 6). */
export const syndicationSchema = z.object({
  itemsPerFeed: z._default(z.int().check(z.gte(1), z.lte(500)), 50),
  /** WebSub hub the public feeds declare and ping after a change. */
  hubUrl: z.optional(z.url()),
});

/** Self-service subscriptions (issue 7): double opt-in, abuse limits, the Telegram bot. */
export const subscriptionsSchema = z.object({
  /** Lifetime of the double opt-in link. */
  confirmTtlHours: z._default(z.int().check(z.gte(1), z.lte(72)), 24),
  /**
   * Subscribe requests per client IP (IPv6 per /64) and per address, the confirm and preferences pages per IP, and
   * unsubscribe links that do not verify per IP, in fixed windows.
   */
  rateLimits: z.prefault(
    z.object({
      perIp: z.prefault(z.object({ limit: z._default(intAtLeast(1), 20), windowMinutes: z._default(intAtLeast(1), 60) }), {}),
      perAddress: z.prefault(z.object({ limit: z._default(intAtLeast(1), 3), windowMinutes: z._default(intAtLeast(1), 60) }), {}),
      pagesPerIp: rateRule(DEFAULT_REQUEST_LIMITS.pagesPerIp),
      unsubscribePerIp: rateRule(DEFAULT_REQUEST_LIMITS.unsubscribePerIp),
    }),
    {},
  ),
  /**
   * How long every answer to a subscribe or new-link request takes, whatever the address's state, so its timing
   * says nothing about the address. Keep it above the slowest work (SES's SendEmail and a few DynamoDB requests).
   */
  answerMs: z._default(z.int().check(z.gte(0), z.lte(5000)), 1000),
  /** The bot's @username without "@": commands addressed to another bot (/start@other_bot) are ignored. */
  telegramBotUsername: z.optional(matching(/^[A-Za-z0-9_]{5,64}$/, 'a Telegram bot username without "@"')),
  /** Where the subscribe page's Telegram links open the bot (`<base>/<bot>?start=<topics>`); only a local stand-in changes it. */
  telegramLinkBase: z._default(z.url({ protocol: /^https?$/ }), 'https://t.me'),
});

/** What dispatch-polls calls unhealthy (the alarms' own thresholds live in infra/constructs/monitoring.ts). */
export const monitoringSchema = z.object({
  /** A feed failing (or disabled by a 410) for longer than this is named in one message to the alarm topic. */
  failingFeedHours: z._default(z.number().check(z.positive()), 24),
});

/** How often a feed a hub pushes is still polled, unless configured. */
export const DEFAULT_SAFETY_POLL_MINUTES = 180;

/** WebSub: subscribe to the hubs feeds announce, and poll pushed feeds only at a slow safety interval. */
export const websubSchema = z.object({
  enabled: z._default(z.boolean(), true),
  /** A pushed feed is still polled this often, in case the hub misses an item (a poll that finds one ends pushing). */
  safetyPollMinutes: z._default(intAtLeast(5), DEFAULT_SAFETY_POLL_MINUTES),
  /** The lease asked of hubs; renewed a fifth of it early. */
  leaseSeconds: z._default(intAtLeast(3600), 10 * 24 * 3600),
});

export const appConfigSchema = z
  .object({
    stage: matching(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and hyphens, starting with a letter'),
    /** Public base URL of the HTTP API / feeds (links in alerts, unsubscribe URLs). */
    publicBaseUrl: z.url(),
    email: z.object({
      from: z.email(),
      /** The sender's display name in From ("newshound" <from>); quoted or encoded as the mail needs. */
      fromName: z._default(oneLine(), 'newshound'),
      replyTo: z.optional(z.email()),
      /** The language of the emails (<html lang>). */
      language: z._default(languageTag, 'en'),
    }),
    polling: z.prefault(
      z.object({
        minIntervalMinutes: z._default(intAtLeast(1), 5),
        maxIntervalMinutes: z._default(intAtLeast(1), 24 * 60),
        maxBodyBytes: z._default(intAtLeast(1024), 10 * 1024 * 1024),
        fetchTimeoutMs: z._default(intAtLeast(1000), 20_000),
        /**
         * Article pages for full text. A poll's page time (pageBudgetMs) sits beside the feed's fetch (fetchTimeoutMs)
         * and parse (5 s) inside poll-feed's 60 s: 20 + 5 + 20 s, with room for the table's writes.
         */
        fullText: z.prefault(
          z.object({
            maxPagesPerPoll: z._default(z.int().check(z.gte(0), z.lte(50)), 10),
            pageBudgetMs: z._default(z.int().check(z.gte(1000), z.lte(30_000)), 20_000),
            pageTimeoutMs: z._default(z.int().check(z.gte(500), z.lte(20_000)), 5000),
            extractTimeoutMs: z._default(z.int().check(z.gte(100), z.lte(10_000)), 2000),
            maxPageBytes: z._default(z.int().check(z.gte(16 * 1024), z.lte(10 * 1024 * 1024)), 1024 * 1024),
            /** Between the end of one request to a host and the start of the next (ms). */
            hostSpacingMs: z._default(z.int().check(z.gte(0), z.lte(60_000)), 1000),
          }),
          {},
        ),
      }),
      {},
    ),
    feeds: z.array(feedSourceSchema),
    topics: z.array(topicSchema),
    subscribers: z._default(z.array(subscriberSchema), []),
    delivery: z.prefault(deliverySchema, {}),
    syndication: z.optional(syndicationSchema),
    partners: z.optional(z.array(partnerSchema)),
    subscriptions: z.prefault(subscriptionsSchema, {}),
    monitoring: z.prefault(monitoringSchema, {}),
    websub: z.prefault(websubSchema, {}),
    /**
     * Lets the feed fetcher and the webhook client reach loopback addresses, where the local runtime serves its
     * sample feeds and tests run their servers. Only the local stage may set it; synth refuses it elsewhere.
     */
    allowLoopback: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((cfg, ctx) => {
      const seen = (kind: 'feeds' | 'topics' | 'subscribers') => {
        const ids = new Set<string>();
        cfg[kind].forEach((item, i) => {
          if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: [kind, i, 'id'], message: `duplicate id "${item.id}"` });
          ids.add(item.id);
        });
      };
      if (cfg.allowLoopback && cfg.stage !== 'local') ctx.addIssue({ code: 'custom', path: ['allowLoopback'], message: 'only the local stage may fetch from loopback addresses' });
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
    }),
  );

export type AppConfig = z.output<typeof appConfigSchema>;
export type AppConfigInput = z.input<typeof appConfigSchema>;

/** Validates raw config; throws ConfigError naming the first offending key (e.g. `topics[1].query`). */
export function parseAppConfig(raw: unknown): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
  throw new ConfigError(key || '(root)', issue.message);
}
