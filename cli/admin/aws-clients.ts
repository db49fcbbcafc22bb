import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientConfig } from './target.js';

/** The AWS clients an admin command uses, built on first use with the target's region, credentials and endpoint. */
export class AwsClients {
  private readonly built: { destroy(): void }[] = [];
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly config: ClientConfig) {}

  get cloudFormation(): CloudFormationClient {
    return this.client('cloudformation', () => new CloudFormationClient(this.config));
  }
  get sqs(): SQSClient {
    return this.client('sqs', () => new SQSClient(this.config));
  }
  get sns(): SNSClient {
    return this.client('sns', () => new SNSClient(this.config));
  }
  get scheduler(): SchedulerClient {
    return this.client('scheduler', () => new SchedulerClient(this.config));
  }
  get ses(): SESv2Client {
    return this.client('ses', () => new SESv2Client(this.config));
  }
  get lambda(): LambdaClient {
    return this.client('lambda', () => new LambdaClient(this.config));
  }
  get ssm(): SSMClient {
    return this.client('ssm', () => new SSMClient(this.config));
  }
  get dynamo(): DynamoDBDocumentClient {
    return this.client('dynamodb', () => DynamoDBDocumentClient.from(new DynamoDBClient(this.config), { marshallOptions: { removeUndefinedValues: true } }));
  }

  destroy(): void {
    for (const client of this.built) client.destroy();
  }

  private client<T extends { destroy(): void }>(key: string, make: () => T): T {
    let client = this.cache.get(key) as T | undefined;
    if (!client) {
      client = make();
      this.cache.set(key, client);
      this.built.push(client);
    }
    return client;
  }
}
