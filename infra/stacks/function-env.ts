import type { QueueName } from './function-specs.js';

/**
 * Names of the environment variables the stacks give to functions. Runtime code reads them
 * (import this module: it has no aws-cdk-lib import). Secrets travel as ARNs, never as values.
 */
export const FunctionEnv = {
  stage: 'STAGE',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  emailFrom: 'EMAIL_FROM',
  /** SES configuration set that routes bounces and complaints to ses-events; pass it on every send. */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  tableName: 'TABLE_NAME',
  feedsBucket: 'FEEDS_BUCKET',
  /** https://<cloudfront domain>: the public base of /feeds/... */
  feedsBaseUrl: 'FEEDS_BASE_URL',
  telegramBotTokenSecretArn: 'TELEGRAM_BOT_TOKEN_SECRET_ARN',
  signingKeySecretArn: 'SIGNING_KEY_SECRET_ARN',
  telegramWebhookSecretArn: 'TELEGRAM_WEBHOOK_SECRET_ARN',
  /** Hash of the validated config: a config change always changes every function. */
  configHash: 'CONFIG_HASH',
} as const;

/** `fan-out` → `FAN_OUT_QUEUE_URL` */
export function queueUrlEnv(queue: QueueName): string {
  return `${queue.replace(/-/g, '_').toUpperCase()}_QUEUE_URL`;
}

/** `fan-out` → `FAN_OUT_DLQ_URL`: given to a queue's consumer so it can park a message with its reason. */
export function dlqUrlEnv(queue: QueueName): string {
  return queueUrlEnv(queue).replace(/_QUEUE_URL$/, '_DLQ_URL');
}
