import * as z from 'zod/mini';
import '../domain/zod-messages.js';
import { FunctionEnv, queueUrlEnv } from '../../infra/stacks/function-env.js';
import type { QueueName } from '../../infra/stacks/function-specs.js';
import { ConfigError } from '../ports/errors.js';

/** Reads one required environment variable at cold start; a missing one names itself. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new ConfigError(name, 'environment variable is missing');
  return value;
}

const url = z.url();

/** The queue URL (and its dead-letter queue URL) given to a function by the stack. */
export function queueUrls(queue: QueueName, env: NodeJS.ProcessEnv = process.env) {
  const name = queueUrlEnv(queue);
  const value = requireEnv(name, env);
  if (!url.safeParse(value).success) throw new ConfigError(name, `not a URL: ${value}`);
  const dlq = env[name.replace(/_QUEUE_URL$/, '_DLQ_URL')];
  return { url: value, dlqUrl: dlq };
}

export { FunctionEnv };
