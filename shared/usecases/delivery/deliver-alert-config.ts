/** DeliverAlertConfig from the validated app config plus the secrets a sender reads (which are never config). */
import type { StormConfig } from '../../domain/delivery/storm-control.js';
import type { Topic } from '../../domain/topic.js';
import type { DeliverAlertConfig, WebhookKeys } from './deps.js';

/** The part of the app config delivery reads; the runtime's validated AppConfig is one. */
export interface DeliveryAppConfig {
  stage: string;
  publicBaseUrl: string;
  email: { from: string; fromName: string; replyTo?: string; language: string };
  topics: readonly Pick<Topic, 'id' | 'name'>[];
  delivery: {
    telegram: { perChatPerSecond: number; perBotPerSecond: number };
    storm: StormConfig;
    maxAttempts: number;
    linkTtlDays: number;
    leaseSeconds: number;
  };
}

export function deliverAlertConfig(app: DeliveryAppConfig, secrets: { tokenSecret?: string; webhookKeys?: WebhookKeys }): DeliverAlertConfig {
  const d = app.delivery;
  return {
    stage: app.stage,
    publicBaseUrl: app.publicBaseUrl,
    emailFrom: app.email.from,
    fromName: app.email.fromName,
    ...(app.email.replyTo ? { replyTo: app.email.replyTo } : {}),
    language: app.email.language,
    ...(secrets.tokenSecret ? { tokenSecret: secrets.tokenSecret } : {}),
    ...(secrets.webhookKeys ? { webhookKeys: secrets.webhookKeys } : {}),
    topics: app.topics,
    telegram: { perChatPerSecond: d.telegram.perChatPerSecond, perBotPerSecond: d.telegram.perBotPerSecond },
    storm: d.storm,
    maxAttempts: d.maxAttempts,
    linkTtlDays: d.linkTtlDays,
    leaseSeconds: d.leaseSeconds,
  };
}
