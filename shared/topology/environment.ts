import { consumerOf, entryOf, type FunctionName, queueTriggerOf, type SecretName, sendsOf } from './functions.js';
import { type QueueName, VISIBILITY_TIMEOUT_FACTOR } from './queues.js';

/**
 * Names of the environment variables the stack gives to functions, derived from the topology, so the stack
 * and the runtime cannot disagree. Secrets travel as parameter names, never as values.
 */
export const FunctionEnv = {
  stage: 'STAGE',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  emailFrom: 'EMAIL_FROM',
  /** SES configuration set that routes bounces and complaints to ses-events; passed on every send. */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  tableName: 'TABLE_NAME',
  feedsBucket: 'FEEDS_BUCKET',
  /** https://<cloudfront domain>: the public base of /feeds/... */
  feedsBaseUrl: 'FEEDS_BASE_URL',
  /** The private push inbox bucket (WebSub bodies). */
  inboxBucket: 'INBOX_BUCKET',
  /** Hash of the validated config: a config change always changes every function. */
  configHash: 'CONFIG_HASH',
  /** SNS topic the alarms notify; functions that notify the admins publish there too. */
  alarmTopicArn: 'ALARM_TOPIC_ARN',
  /** The CloudFront KeyValueStore of partner token hashes the feeds distribution checks. */
  partnerAccessStoreArn: 'PARTNER_ACCESS_STORE_ARN',
} as const;

/** `fan-out` → `FAN_OUT_QUEUE_URL` */
export function queueUrlEnv(queue: QueueName): string {
  return `${queue.replace(/-/g, '_').toUpperCase()}_QUEUE_URL`;
}

/** `fan-out` → `FAN_OUT_DLQ_URL`: given to a queue's consumer so it can park a message with its reason. */
export function dlqUrlEnv(queue: QueueName): string {
  return queueUrlEnv(queue).replace(/_QUEUE_URL$/, '_DLQ_URL');
}

/** `signingKey` → `SIGNING_KEY_PARAMETER`: the SSM parameter holding it. */
export function secretParameterEnv(secret: SecretName): string {
  return `${secret.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_PARAMETER`;
}

/** Every variable the stack must give a function (besides Lambda's and Powertools' own). */
export function environmentNames(name: FunctionName): string[] {
  const entry = entryOf(name);
  const own = queueTriggerOf(name)?.queue;
  return [
    FunctionEnv.stage,
    FunctionEnv.publicBaseUrl,
    FunctionEnv.emailFrom,
    FunctionEnv.configHash,
    ...(entry.table ? [FunctionEnv.tableName] : []),
    ...sendsOf(name).map(queueUrlEnv),
    ...(own ? [dlqUrlEnv(own)] : []),
    ...(entry.secrets ?? []).map(secretParameterEnv),
    ...(entry.feedsBucket ? [FunctionEnv.feedsBucket, FunctionEnv.feedsBaseUrl] : []),
    ...(entry.inboxBucket ? [FunctionEnv.inboxBucket] : []),
    ...(entry.sendsEmail ? [FunctionEnv.sesConfigurationSet] : []),
    ...(entry.notifiesAdmins ? [FunctionEnv.alarmTopicArn] : []),
    ...(entry.partnerAccessStore ? [FunctionEnv.partnerAccessStoreArn] : []),
  ].sort();
}

/** The visibility timeout of a queue: 6× its consumer's timeout plus its batching window. */
export function visibilityTimeoutSeconds(queue: QueueName): number {
  const { entry, trigger } = consumerOf(queue);
  return VISIBILITY_TIMEOUT_FACTOR * entry.timeoutSeconds + (trigger.maxBatchingWindowSeconds ?? 0);
}
