import { z } from 'zod';
import { ConfigError } from '../ports/errors.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');

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
  status: z.enum(['active', 'pending', 'unsubscribed', 'suppressed']).default('active'),
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
