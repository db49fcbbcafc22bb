/**
 * Creates the deployment's stateful resources in the local implementations: queues (dead-letter targets first) in
 * fauxqs, buckets in fauxqs's S3, SNS topics and their subscriptions in fauxqs's SNS (a Lambda subscription is
 * confirmed at once, as in AWS; an email one waits for its confirmation), the table in DynamoDB (dynalite or
 * DynamoDB Local). What exists already (a data folder from an earlier run) is kept with its contents.
 */
import { CreateTableCommand, type CreateTableCommandInput, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfirmSubscriptionCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { LocalDeployment, LocalQueue } from './local-deployment.js';

export interface QueueEmulator {
  createQueue(name: string, options: { attributes: Record<string, string> }): unknown;
  inspectQueue(name: string): { messages: { inflight: { receiptHandle: string }[] } } | undefined;
  createBucket(name: string): unknown;
  createTopic(name: string): { topicArn: string };
}

export async function createLocalResources(deployment: LocalDeployment, emulator: QueueEmulator, dynamodb: DynamoDBClient, sns: SNSClient): Promise<void> {
  for (const queue of orderedForRedrive(deployment.queues)) {
    if (!emulator.inspectQueue(queue.name)) emulator.createQueue(queue.name, { attributes: queue.attributes });
  }
  for (const bucket of deployment.buckets) emulator.createBucket(bucket.name);
  for (const topic of deployment.topics) {
    const { topicArn } = emulator.createTopic(topic.name);
    if (topicArn !== topic.arn) throw new Error(`the local SNS named topic ${topic.logicalId} ${topicArn}, not ${topic.arn}`);
  }
  for (const { topicArn, protocol, endpoint } of deployment.snsSubscriptions) {
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint }));
    if (protocol === 'lambda' && SubscriptionArn) await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: SubscriptionArn }));
  }
  for (const table of deployment.tables) await ensureTable(dynamodb, table.name, table.properties);
}

/** Dead-letter queues before the queues that redrive to them. */
function orderedForRedrive(queues: LocalQueue[]): LocalQueue[] {
  return [...queues].sort((a, b) => Number(Boolean(a.redrive)) - Number(Boolean(b.redrive)));
}

async function ensureTable(dynamodb: DynamoDBClient, name: string, properties: Record<string, unknown>): Promise<void> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: name }));
    return;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  const p = properties as Pick<CreateTableCommandInput, 'KeySchema' | 'AttributeDefinitions' | 'GlobalSecondaryIndexes' | 'ProvisionedThroughput'> & { BillingMode?: string };
  const provisioned = p.BillingMode === 'PROVISIONED';
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
      ...(provisioned ? { ProvisionedThroughput: p.ProvisionedThroughput } : {}),
      ...(p.GlobalSecondaryIndexes?.length
        ? { GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map((index) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection, ...(provisioned ? { ProvisionedThroughput: index.ProvisionedThroughput } : {}) })) }
        : {}),
    }),
  );
}
