import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamoStores } from '../adapters/dynamodb/index.js';
import { SqsQueue } from '../adapters/sqs/sqs-queue.js';
import type { QueueName } from '../../infra/stacks/function-specs.js';
import { makeDynamoClients } from './dynamodb-client.js';
import { FunctionEnv, queueUrls, requireEnv } from './lambda-env.js';
import { sqsConsumer, type ConsumerMeta } from './sqs-consumer.js';
import type { ConsumerOutcome } from '../usecases/consumer-outcome.js';

/** Powertools logger and metrics for one function. */
export function observability(serviceName: string) {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: 'newshound', serviceName }),
  };
}

let sqsClient: SQSClient | undefined;
export function sqs(): SQSClient {
  return (sqsClient ??= new SQSClient({}));
}

/** The DynamoDB-backed stores over the stack's table. */
export function stores(env: NodeJS.ProcessEnv = process.env) {
  const { doc } = makeDynamoClients({ region: env.AWS_REGION });
  return dynamoStores(doc, requireEnv(FunctionEnv.tableName, env));
}

export function queue<T>(name: QueueName, env: NodeJS.ProcessEnv = process.env): SqsQueue<T> {
  return new SqsQueue<T>(sqs(), queueUrls(name, env).url, name);
}

/** A secret's value by the ARN the stack put in `envName` (cached by Powertools for 5 minutes). */
export async function secretValue(envName: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const arn = requireEnv(envName, env);
  const value = await getSecret(arn, { maxAge: 300 });
  if (typeof value !== 'string' || value.length === 0) throw new Error(`secret ${envName} is empty`);
  return value;
}

/** An SQS batch handler for the function consuming `name`, parking into that queue's DLQ. */
export function consumerOf<T>(name: QueueName, logger: Logger, useCase: (body: T, meta: ConsumerMeta) => Promise<ConsumerOutcome>, env: NodeJS.ProcessEnv = process.env) {
  const urls = queueUrls(name, env);
  return sqsConsumer<T>({ sqs: sqs(), queueUrl: urls.url, dlqUrl: urls.dlqUrl, logger }, useCase);
}
