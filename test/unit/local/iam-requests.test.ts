import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { CreateEmailIdentityCommand, GetAccountCommand, GetEmailIdentityCommand, PutAccountSendingAttributesCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ConfirmSubscriptionCommand, CreateTopicCommand, GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  BatchGetItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteEventSourceMappingCommand,
  GetAccountSettingsCommand,
  GetEventSourceMappingCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetAccountSendingEnabledCommand, GetSendQuotaCommand, SendEmailCommand, SendRawEmailCommand, SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../infra/local/aws/iam-policy.js';
import { describeRequest, sesIdentityCandidates, SES_IDENTITY_CONTEXT_KEYS, UnmappableRequestError, type ArnContext, type IamCall, type WireRequest } from '../../../infra/local/aws/iam-requests.js';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer.js';
import { startSdkRequestCapture } from '../../support/sdk-request-capture.js';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const CALLER = 'poll-feed';
const ctx: ArnContext = { region: REGION, accountId: ACCOUNT };

const table = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
const queue = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const ses = (resource: string) => `arn:aws:ses:${REGION}:${ACCOUNT}:${resource}`;
const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const topic = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
const schedule = (group: string, name: string) => `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`;
const esm = (uuid: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:${uuid}`;
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] };

interface Clients {
  dynamodb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  s3: S3Client;
  ses: SESClient;
  ssm: SSMClient;
  lambda: LambdaClient;
  cloudFormation: CloudFormationClient;
  sns: SNSClient;
  scheduler: SchedulerClient;
  sesv2: SESv2Client;
  /** Queue URLs point at the capture server: the SQS client sends to the queue URL's host. */
  queueUrl(name: string): string;
}

let capture: Awaited<ReturnType<typeof startSdkRequestCapture>>;
let clients: Clients;

beforeAll(async () => {
  capture = await startSdkRequestCapture();
  const config = { region: REGION, endpoint: capture.endpoint, credentials: { accessKeyId: CALLER, secretAccessKey: 'local' }, maxAttempts: 1 };
  const dynamodb = new DynamoDBClient(config);
  clients = {
    dynamodb,
    doc: DynamoDBDocumentClient.from(dynamodb),
    sqs: new SQSClient(config),
    s3: new S3Client(config),
    ses: new SESClient(config),
    ssm: new SSMClient(config),
    lambda: new LambdaClient(config),
    cloudFormation: new CloudFormationClient(config),
    sns: new SNSClient(config),
    scheduler: new SchedulerClient(config),
    sesv2: new SESv2Client(config),
    queueUrl: (name) => `${capture.endpoint}/000000000000/${name}`,
  };
});
afterAll(() => capture.close());

const sent = (send: (c: Clients) => Promise<unknown>) => capture.capture(() => send(clients));

type Row = [name: string, send: (c: Clients) => Promise<unknown>, operation: string, calls: IamCall[]];

const dynamoRows: Row[] = [
  ['GetItem (DocumentClient)', (c) => c.doc.send(new GetCommand({ TableName: 'app', Key: { pk: 'a', sk: 'b' } })), 'GetItem', [{ action: 'dynamodb:GetItem', resource: table('app') }]],
  ['PutItem (DocumentClient)', (c) => c.doc.send(new PutCommand({ TableName: 'app', Item: { pk: 'a', sk: 'b' } })), 'PutItem', [{ action: 'dynamodb:PutItem', resource: table('app') }]],
  [
    'UpdateItem (DocumentClient)',
    (c) => c.doc.send(new UpdateCommand({ TableName: 'app', Key: { pk: 'a', sk: 'b' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } })),
    'UpdateItem',
    [{ action: 'dynamodb:UpdateItem', resource: table('app') }],
  ],
  ['DeleteItem (DocumentClient)', (c) => c.doc.send(new DeleteCommand({ TableName: 'app', Key: { pk: 'a', sk: 'b' } })), 'DeleteItem', [{ action: 'dynamodb:DeleteItem', resource: table('app') }]],
  [
    'Query on the table',
    (c) => c.doc.send(new QueryCommand({ TableName: 'app', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'a' } })),
    'Query',
    [{ action: 'dynamodb:Query', resource: table('app') }],
  ],
  [
    'Query on an index',
    (c) => c.doc.send(new QueryCommand({ TableName: 'app', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'a' } })),
    'Query',
    [{ action: 'dynamodb:Query', resource: `${table('app')}/index/gsi1` }],
  ],
  ['Scan on an index', (c) => c.doc.send(new ScanCommand({ TableName: 'app', IndexName: 'gsi1' })), 'Scan', [{ action: 'dynamodb:Scan', resource: `${table('app')}/index/gsi1` }]],
  [
    'BatchGetItem over two tables (DocumentClient)',
    (c) => c.doc.send(new BatchGetCommand({ RequestItems: { app: { Keys: [{ pk: 'a', sk: 'b' }] }, other: { Keys: [{ id: 'x' }] } } })),
    'BatchGetItem',
    [
      { action: 'dynamodb:BatchGetItem', resource: table('app') },
      { action: 'dynamodb:BatchGetItem', resource: table('other') },
    ],
  ],
  [
    'BatchGetItem by table ARN',
    (c) => c.dynamodb.send(new BatchGetItemCommand({ RequestItems: { [table('app')]: { Keys: [{ pk: { S: 'a' } }] } } })),
    'BatchGetItem',
    [{ action: 'dynamodb:BatchGetItem', resource: table('app') }],
  ],
  [
    'BatchWriteItem over two tables (DocumentClient)',
    (c) => c.doc.send(new BatchWriteCommand({ RequestItems: { app: [{ PutRequest: { Item: { pk: 'a', sk: 'b' } } }], other: [{ DeleteRequest: { Key: { id: 'x' } } }] } })),
    'BatchWriteItem',
    [
      { action: 'dynamodb:BatchWriteItem', resource: table('app') },
      { action: 'dynamodb:BatchWriteItem', resource: table('other') },
    ],
  ],
  [
    'TransactWriteItems: the action of each item',
    (c) =>
      c.dynamodb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'app', Item: { pk: { S: 'a' } } } },
            { Update: { TableName: 'app', Key: { pk: { S: 'b' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '1' } } } },
            { Delete: { TableName: 'other', Key: { id: { S: 'x' } } } },
            { ConditionCheck: { TableName: 'other', Key: { id: { S: 'y' } }, ConditionExpression: 'attribute_exists(id)' } },
            { Put: { TableName: 'app', Item: { pk: { S: 'c' } } } },
          ],
        }),
      ),
    'TransactWriteItems',
    [
      { action: 'dynamodb:PutItem', resource: table('app') },
      { action: 'dynamodb:UpdateItem', resource: table('app') },
      { action: 'dynamodb:DeleteItem', resource: table('other') },
      { action: 'dynamodb:ConditionCheckItem', resource: table('other') },
    ],
  ],
  [
    'TransactGetItems',
    (c) => c.dynamodb.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'app', Key: { pk: { S: 'a' } } } }, { Get: { TableName: 'other', Key: { id: { S: 'x' } } } }] })),
    'TransactGetItems',
    [
      { action: 'dynamodb:GetItem', resource: table('app') },
      { action: 'dynamodb:GetItem', resource: table('other') },
    ],
  ],
  ['DescribeTable', (c) => c.dynamodb.send(new DescribeTableCommand({ TableName: 'app' })), 'DescribeTable', [{ action: 'dynamodb:DescribeTable', resource: table('app') }]],
  [
    'CreateTable',
    (c) =>
      c.dynamodb.send(new CreateTableCommand({ TableName: 'app', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] })),
    'CreateTable',
    [{ action: 'dynamodb:CreateTable', resource: table('app') }],
  ],
  [
    'UpdateTimeToLive',
    (c) => c.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: 'app', TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } })),
    'UpdateTimeToLive',
    [{ action: 'dynamodb:UpdateTimeToLive', resource: table('app') }],
  ],
];

const sqsRows: Row[] = [
  ['SendMessage', (c) => c.sqs.send(new SendMessageCommand({ QueueUrl: c.queueUrl('fan-out'), MessageBody: '{}' })), 'SendMessage', [{ action: 'sqs:SendMessage', resource: queue('fan-out') }]],
  [
    'SendMessageBatch',
    (c) => c.sqs.send(new SendMessageBatchCommand({ QueueUrl: c.queueUrl('email'), Entries: [{ Id: '1', MessageBody: 'a' }, { Id: '2', MessageBody: 'b' }] })),
    'SendMessageBatch',
    [{ action: 'sqs:SendMessage', resource: queue('email') }],
  ],
  ['ReceiveMessage', (c) => c.sqs.send(new ReceiveMessageCommand({ QueueUrl: c.queueUrl('poll'), MaxNumberOfMessages: 10 })), 'ReceiveMessage', [{ action: 'sqs:ReceiveMessage', resource: queue('poll') }]],
  ['DeleteMessage', (c) => c.sqs.send(new DeleteMessageCommand({ QueueUrl: c.queueUrl('poll'), ReceiptHandle: 'r' })), 'DeleteMessage', [{ action: 'sqs:DeleteMessage', resource: queue('poll') }]],
  [
    'DeleteMessageBatch',
    (c) => c.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: c.queueUrl('poll'), Entries: [{ Id: '1', ReceiptHandle: 'r' }] })),
    'DeleteMessageBatch',
    [{ action: 'sqs:DeleteMessage', resource: queue('poll') }],
  ],
  [
    'ChangeMessageVisibility',
    (c) => c.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: c.queueUrl('poll'), ReceiptHandle: 'r', VisibilityTimeout: 30 })),
    'ChangeMessageVisibility',
    [{ action: 'sqs:ChangeMessageVisibility', resource: queue('poll') }],
  ],
  [
    'ChangeMessageVisibilityBatch',
    (c) => c.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: c.queueUrl('poll'), Entries: [{ Id: '1', ReceiptHandle: 'r', VisibilityTimeout: 30 }] })),
    'ChangeMessageVisibilityBatch',
    [{ action: 'sqs:ChangeMessageVisibility', resource: queue('poll') }],
  ],
  [
    'GetQueueAttributes',
    (c) => c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: c.queueUrl('poll'), AttributeNames: ['All'] })),
    'GetQueueAttributes',
    [{ action: 'sqs:GetQueueAttributes', resource: queue('poll') }],
  ],
  ['GetQueueUrl', (c) => c.sqs.send(new GetQueueUrlCommand({ QueueName: 'poll' })), 'GetQueueUrl', [{ action: 'sqs:GetQueueUrl', resource: queue('poll') }]],
  [
    "GetQueueUrl of another account's queue",
    (c) => c.sqs.send(new GetQueueUrlCommand({ QueueName: 'poll', QueueOwnerAWSAccountId: '210987654321' })),
    'GetQueueUrl',
    [{ action: 'sqs:GetQueueUrl', resource: `arn:aws:sqs:${REGION}:210987654321:poll` }],
  ],
  ['ListQueues', (c) => c.sqs.send(new ListQueuesCommand({})), 'ListQueues', [{ action: 'sqs:ListQueues', resource: '*' }]],
  ['PurgeQueue', (c) => c.sqs.send(new PurgeQueueCommand({ QueueUrl: c.queueUrl('poll') })), 'PurgeQueue', [{ action: 'sqs:PurgeQueue', resource: queue('poll') }]],
];

const s3Rows: Row[] = [
  [
    'PutObject (key percent-decoded)',
    (c) => c.s3.send(new PutObjectCommand({ Bucket: 'feeds', Key: 'topics/a b+c%ü.xml', Body: '<rss/>' })),
    'PutObject',
    [{ action: 's3:PutObject', resource: 'arn:aws:s3:::feeds/topics/a b+c%ü.xml' }],
  ],
  ['GetObject', (c) => c.s3.send(new GetObjectCommand({ Bucket: 'feeds', Key: 'topics/a.xml', ResponseContentType: 'text/xml' })), 'GetObject', [{ action: 's3:GetObject', resource: 'arn:aws:s3:::feeds/topics/a.xml' }]],
  ['HeadObject', (c) => c.s3.send(new HeadObjectCommand({ Bucket: 'feeds', Key: 'topics/a.xml' })), 'HeadObject', [{ action: 's3:GetObject', resource: 'arn:aws:s3:::feeds/topics/a.xml' }]],
  ['DeleteObject', (c) => c.s3.send(new DeleteObjectCommand({ Bucket: 'feeds', Key: 'topics/a.xml' })), 'DeleteObject', [{ action: 's3:DeleteObject', resource: 'arn:aws:s3:::feeds/topics/a.xml' }]],
  [
    'DeleteObjects: one s3:DeleteObject per key, XML-unescaped',
    (c) => c.s3.send(new DeleteObjectsCommand({ Bucket: 'feeds', Delete: { Objects: [{ Key: 'a&b <c>.xml' }, { Key: '007' }, { Key: ' line\r\nbreak ' }] } })),
    'DeleteObjects',
    [
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::feeds/a&b <c>.xml' },
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::feeds/007' },
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::feeds/ line\r\nbreak ' },
    ],
  ],
  ['ListObjectsV2', (c) => c.s3.send(new ListObjectsV2Command({ Bucket: 'feeds', Prefix: 'topics/', ContinuationToken: 't' })), 'ListObjectsV2', [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::feeds' }]],
  ['ListObjects', (c) => c.s3.send(new ListObjectsCommand({ Bucket: 'feeds', Marker: 'm' })), 'ListObjects', [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::feeds' }]],
  ['HeadBucket', (c) => c.s3.send(new HeadBucketCommand({ Bucket: 'feeds' })), 'HeadBucket', [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::feeds' }]],
  ['CreateBucket', (c) => c.s3.send(new CreateBucketCommand({ Bucket: 'feeds' })), 'CreateBucket', [{ action: 's3:CreateBucket', resource: 'arn:aws:s3:::feeds' }]],
];

const FROM_ADDRESS = 'alerts@news.example.com';
const identityCall = (action: string, address = FROM_ADDRESS, domain = 'news.example.com'): IamCall => ({
  action,
  resource: ses(`identity/${address}`),
  context: { 'ses:FromAddress': address, [SES_IDENTITY_CONTEXT_KEYS.address]: ses(`identity/${address}`), [SES_IDENTITY_CONTEXT_KEYS.domain]: ses(`identity/${domain}`) },
});
const configurationSetCall = (action: string, name: string, address = FROM_ADDRESS): IamCall => ({ action, resource: ses(`configuration-set/${name}`), context: { 'ses:FromAddress': address } });
const rawMessage = (headers: string) => ({ RawMessage: { Data: Buffer.from(`${headers}\r\nTo: reader@example.org\r\nSubject: hi\r\n\r\nFrom: body@not.header\r\n`) } });

const sesRows: Row[] = [
  [
    'SendRawEmail from SesMailer: From header of the raw message, configuration set',
    (c) => new SesMailer(c.ses, { configurationSetName: 'newshound-email' }).send({ from: `"Nöws Hound, alerts" <${FROM_ADDRESS}>`, to: 'reader@example.org', subject: 's', html: '<p>x</p>', text: 'x' }),
    'SendRawEmail',
    [identityCall('ses:SendRawEmail'), configurationSetCall('ses:SendRawEmail', 'newshound-email')],
  ],
  [
    'SendRawEmail: Source wins over the From header',
    (c) => c.ses.send(new SendRawEmailCommand({ Source: `News <${FROM_ADDRESS}>`, ...rawMessage('From: other@elsewhere.org') })),
    'SendRawEmail',
    [identityCall('ses:SendRawEmail')],
  ],
  [
    'SendRawEmail: folded From header and X-SES-CONFIGURATION-SET',
    (c) => c.ses.send(new SendRawEmailCommand(rawMessage(`X-SES-CONFIGURATION-SET: from-header\r\nFrom: "A long\r\n display name" <${FROM_ADDRESS}>`))),
    'SendRawEmail',
    [identityCall('ses:SendRawEmail'), configurationSetCall('ses:SendRawEmail', 'from-header')],
  ],
  [
    'SendEmail',
    (c) =>
      c.ses.send(
        new SendEmailCommand({
          Source: 'hello@example.com',
          Destination: { ToAddresses: ['reader@example.org'] },
          Message: { Subject: { Data: 's' }, Body: { Text: { Data: 'x' } } },
          ConfigurationSetName: 'cs',
        }),
      ),
    'SendEmail',
    [identityCall('ses:SendEmail', 'hello@example.com', 'example.com'), configurationSetCall('ses:SendEmail', 'cs', 'hello@example.com')],
  ],
  ['GetSendQuota', (c) => c.ses.send(new GetSendQuotaCommand({})), 'GetSendQuota', [{ action: 'ses:GetSendQuota', resource: '*' }]],
  ['GetAccountSendingEnabled', (c) => c.ses.send(new GetAccountSendingEnabledCommand({})), 'GetAccountSendingEnabled', [{ action: 'ses:GetAccountSendingEnabled', resource: '*' }]],
];

const parameter = (path: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${path}`;
const ssmRows: Row[] = [
  [
    'GetParameter of a path name (the ARN drops the leading slash)',
    (c) => c.ssm.send(new GetParameterCommand({ Name: '/newshound/prod/signing-key', WithDecryption: true })),
    'GetParameter',
    [{ action: 'ssm:GetParameter', resource: parameter('newshound/prod/signing-key') }],
  ],
  ['GetParameter of a plain name', (c) => c.ssm.send(new GetParameterCommand({ Name: 'flat' })), 'GetParameter', [{ action: 'ssm:GetParameter', resource: parameter('flat') }]],
  [
    'PutParameter',
    (c) => c.ssm.send(new PutParameterCommand({ Name: '/newshound/prod/signing-key', Value: 'x', Type: 'SecureString' })),
    'PutParameter',
    [{ action: 'ssm:PutParameter', resource: parameter('newshound/prod/signing-key') }],
  ],
  ['DeleteParameter', (c) => c.ssm.send(new DeleteParameterCommand({ Name: '/newshound/prod/webhook-keys' })), 'DeleteParameter', [{ action: 'ssm:DeleteParameter', resource: parameter('newshound/prod/webhook-keys') }]],
];

const snsRows: Row[] = [
  ['Publish to a topic', (c) => c.sns.send(new PublishCommand({ TopicArn: topic('alarms'), Subject: 'newshound prod: 1 feed failing', Message: 'x' })), 'Publish', [{ action: 'sns:Publish', resource: topic('alarms') }]],
  ['Publish by TargetArn', (c) => c.sns.send(new PublishCommand({ TargetArn: topic('alarms'), Message: 'x' })), 'Publish', [{ action: 'sns:Publish', resource: topic('alarms') }]],
];

const lambdaRows: Row[] = [
  ['ListEventSourceMappings', (c) => c.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'send-email' })), 'ListEventSourceMappings', [{ action: 'lambda:ListEventSourceMappings', resource: '*' }]],
  ['GetEventSourceMapping', (c) => c.lambda.send(new GetEventSourceMappingCommand({ UUID: 'a1b2-c3' })), 'GetEventSourceMapping', [{ action: 'lambda:GetEventSourceMapping', resource: esm('a1b2-c3') }]],
  [
    'UpdateEventSourceMapping with a FunctionName',
    (c) => c.lambda.send(new UpdateEventSourceMappingCommand({ UUID: 'a1b2-c3', FunctionName: 'send-email', Enabled: false })),
    'UpdateEventSourceMapping',
    [{ action: 'lambda:UpdateEventSourceMapping', resource: esm('a1b2-c3'), context: { 'lambda:FunctionArn': fn('send-email') } }],
  ],
  [
    'UpdateEventSourceMapping without one',
    (c) => c.lambda.send(new UpdateEventSourceMappingCommand({ UUID: 'a1b2-c3', Enabled: true })),
    'UpdateEventSourceMapping',
    [{ action: 'lambda:UpdateEventSourceMapping', resource: esm('a1b2-c3') }],
  ],
  ['Invoke by name', (c) => c.lambda.send(new InvokeCommand({ FunctionName: 'send-email', Payload: '{}' })), 'Invoke', [{ action: 'lambda:InvokeFunction', resource: fn('send-email') }]],
  [
    'Invoke by ARN with a Qualifier',
    (c) => c.lambda.send(new InvokeCommand({ FunctionName: fn('send-email'), Qualifier: 'live', InvocationType: 'Event' })),
    'Invoke',
    [{ action: 'lambda:InvokeFunction', resource: `${fn('send-email')}:live` }],
  ],
  [
    'Invoke by partial ARN',
    (c) => c.lambda.send(new InvokeCommand({ FunctionName: `${ACCOUNT}:function:send-email` })),
    'Invoke',
    [{ action: 'lambda:InvokeFunction', resource: fn('send-email') }],
  ],
];

const adminRows = {
  cloudformation: [
    ['DescribeStacks of one stack', (c) => c.cloudFormation.send(new DescribeStacksCommand({ StackName: 'Newshound-prod-Stateless' })), 'DescribeStacks', [{ action: 'cloudformation:DescribeStacks', resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Newshound-prod-Stateless/*` }]],
    ['DescribeStacks of every stack', (c) => c.cloudFormation.send(new DescribeStacksCommand({})), 'DescribeStacks', [{ action: 'cloudformation:DescribeStacks', resource: '*' }]],
    [
      'ListStackResources, next page',
      (c) => c.cloudFormation.send(new ListStackResourcesCommand({ StackName: 'Newshound-prod-Stateful', NextToken: '100' })),
      'ListStackResources',
      [{ action: 'cloudformation:ListStackResources', resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Newshound-prod-Stateful/*` }],
    ],
  ],
  sns: [
    ['ListSubscriptionsByTopic', (c) => c.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic('alarms') })), 'ListSubscriptionsByTopic', [{ action: 'sns:ListSubscriptionsByTopic', resource: topic('alarms') }]],
    [
      'GetSubscriptionAttributes: against its topic',
      (c) => c.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: `${topic('alarms')}:0b7a2c`})),
      'GetSubscriptionAttributes',
      [{ action: 'sns:GetSubscriptionAttributes', resource: topic('alarms') }],
    ],
    ['Unsubscribe', (c) => c.sns.send(new UnsubscribeCommand({ SubscriptionArn: `${topic('alarms')}:0b7a2c` })), 'Unsubscribe', [{ action: 'sns:Unsubscribe', resource: topic('alarms') }]],
    ['Subscribe', (c) => c.sns.send(new SubscribeCommand({ TopicArn: topic('alarms'), Protocol: 'email', Endpoint: 'ops@example.org' })), 'Subscribe', [{ action: 'sns:Subscribe', resource: topic('alarms') }]],
    ['ConfirmSubscription', (c) => c.sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic('alarms'), Token: 't' })), 'ConfirmSubscription', [{ action: 'sns:ConfirmSubscription', resource: topic('alarms') }]],
  ],
  scheduler: [
    ['GetSchedule in the default group', (c) => c.scheduler.send(new GetScheduleCommand({ Name: 'poll-schedule' })), 'GetSchedule', [{ action: 'scheduler:GetSchedule', resource: schedule('default', 'poll-schedule') }]],
    ['GetSchedule in a group', (c) => c.scheduler.send(new GetScheduleCommand({ Name: 'poll-schedule', GroupName: 'newshound' })), 'GetSchedule', [{ action: 'scheduler:GetSchedule', resource: schedule('newshound', 'poll-schedule') }]],
    [
      'UpdateSchedule',
      (c) =>
        c.scheduler.send(new UpdateScheduleCommand({ Name: 'poll-schedule', State: 'DISABLED', ScheduleExpression: 'rate(5 minutes)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: fn('dispatch-polls'), RoleArn: 'arn:aws:iam::1:role/r' } })),
      'UpdateSchedule',
      [{ action: 'scheduler:UpdateSchedule', resource: schedule('default', 'poll-schedule') }],
    ],
    ['ListSchedules', (c) => c.scheduler.send(new ListSchedulesCommand({})), 'ListSchedules', [{ action: 'scheduler:ListSchedules', resource: '*' }]],
  ],
  sesv2: [
    ['GetAccount', (c) => c.sesv2.send(new GetAccountCommand({})), 'GetAccount', [{ action: 'ses:GetAccount', resource: '*' }]],
    ['GetEmailIdentity of an address', (c) => c.sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: 'alerts@news.example.org' })), 'GetEmailIdentity', [{ action: 'ses:GetEmailIdentity', resource: ses('identity/alerts@news.example.org') }]],
    ['GetEmailIdentity of a domain', (c) => c.sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: 'news.example.org' })), 'GetEmailIdentity', [{ action: 'ses:GetEmailIdentity', resource: ses('identity/news.example.org') }]],
    ['PutAccountSendingAttributes', (c) => c.sesv2.send(new PutAccountSendingAttributesCommand({ SendingEnabled: true })), 'PutAccountSendingAttributes', [{ action: 'ses:PutAccountSendingAttributes', resource: '*' }]],
  ],
} satisfies Record<string, Row[]>;

lambdaRows.push(
  ['GetAccountSettings', (c) => c.lambda.send(new GetAccountSettingsCommand({})), 'GetAccountSettings', [{ action: 'lambda:GetAccountSettings', resource: '*' }]],
  ['GetFunctionConfiguration', (c) => c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'send-email' })), 'GetFunctionConfiguration', [{ action: 'lambda:GetFunctionConfiguration', resource: fn('send-email') }]],
);

describe.each<[string, string, Row[]]>([
  ['DynamoDB', 'dynamodb', dynamoRows],
  ['SQS', 'sqs', sqsRows],
  ['S3', 's3', s3Rows],
  ['SES v1', 'ses', sesRows],
  ['SSM Parameter Store', 'ssm', ssmRows],
  ['SNS Publish', 'sns', snsRows],
  ['Lambda', 'lambda', lambdaRows],
  ['CloudFormation', 'cloudformation', adminRows.cloudformation],
  ['SNS', 'sns', adminRows.sns],
  ['EventBridge Scheduler', 'scheduler', adminRows.scheduler],
  ['SES v2 (signed as ses)', 'sesv2', adminRows.sesv2],
])('describeRequest: %s as the SDK sends it', (_name, service, rows) => {
  it.each(rows)('%s', async (_row, send, operation, calls) => {
    const described = describeRequest(await sent(send), ctx);
    expect(described).toEqual({ service, operation, principal: CALLER, calls });
    // Every call names an action IAM knows, on a resource of a type that action takes.
    for (const call of described.calls) expect((await evaluate([ALLOW_ALL], call, ACCOUNT)).allowed).toBe(true);
  });
});

describe('describeRequest: dynamodb:LeadingKeys, the partition keys a request names', () => {
  const keyed: ArnContext = {
    ...ctx,
    partitionKey: (arn, index) => (arn === table('app') ? (index === undefined ? 'pk' : index === 'gsi1' ? 'gsi1pk' : undefined) : arn === table('other') ? 'id' : undefined),
  };
  const leading = (...keys: string[]) => ({ 'dynamodb:LeadingKeys': keys });

  it.each<[string, (c: Clients) => Promise<unknown>, IamCall[]]>([
    ['GetItem: its key', (c) => c.doc.send(new GetCommand({ TableName: 'app', Key: { pk: 'ART#1', sk: 'ART' } })), [{ action: 'dynamodb:GetItem', resource: table('app'), context: leading('ART#1') }]],
    ['PutItem: its item', (c) => c.doc.send(new PutCommand({ TableName: 'app', Item: { pk: 'DLV#s#email#1', sk: 'DLV', state: 'claimed' } })), [{ action: 'dynamodb:PutItem', resource: table('app'), context: leading('DLV#s#email#1') }]],
    [
      'UpdateItem: its key',
      (c) => c.doc.send(new UpdateCommand({ TableName: 'app', Key: { pk: 'FEED#f', sk: 'STATE' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } })),
      [{ action: 'dynamodb:UpdateItem', resource: table('app'), context: leading('FEED#f') }],
    ],
    ['DeleteItem: its key', (c) => c.doc.send(new DeleteCommand({ TableName: 'app', Key: { pk: 'ONCE#u', sk: 'ONCE' } })), [{ action: 'dynamodb:DeleteItem', resource: table('app'), context: leading('ONCE#u') }]],
    [
      'Query: the value its key condition fixes the partition key to, sort key conditions (BETWEEN … AND …) aside',
      (c) =>
        c.doc.send(
          new QueryCommand({
            TableName: 'app',
            KeyConditionExpression: '#p = :p AND sk BETWEEN :a AND :b',
            ExpressionAttributeNames: { '#p': 'pk' },
            ExpressionAttributeValues: { ':p': 'ACTIVITY#csto', ':a': '1', ':b': '2' },
          }),
        ),
      [{ action: 'dynamodb:Query', resource: table('app'), context: leading('ACTIVITY#csto') }],
    ],
    [
      'Query written value first',
      (c) => c.doc.send(new QueryCommand({ TableName: 'app', KeyConditionExpression: ':p = pk', ExpressionAttributeValues: { ':p': 'HALTS' } })),
      [{ action: 'dynamodb:Query', resource: table('app'), context: leading('HALTS') }],
    ],
    [
      "Query on an index: the index's partition key",
      (c) => c.doc.send(new QueryCommand({ TableName: 'app', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :s', ExpressionAttributeValues: { ':p': 'DIGESTS', ':s': 'z' } })),
      [{ action: 'dynamodb:Query', resource: `${table('app')}/index/gsi1`, context: leading('DIGESTS') }],
    ],
    ['Scan: none', (c) => c.doc.send(new ScanCommand({ TableName: 'app' })), [{ action: 'dynamodb:Scan', resource: table('app') }]],
    [
      'BatchGetItem: every key, per table',
      (c) => c.doc.send(new BatchGetCommand({ RequestItems: { app: { Keys: [{ pk: 'SUB#1', sk: 'SUB' }, { pk: 'SUB#2', sk: 'SUB' }] }, other: { Keys: [{ id: 'x' }] } } })),
      [
        { action: 'dynamodb:BatchGetItem', resource: table('app'), context: leading('SUB#1', 'SUB#2') },
        { action: 'dynamodb:BatchGetItem', resource: table('other'), context: leading('x') },
      ],
    ],
    [
      'BatchWriteItem: every put item and delete key',
      (c) => c.doc.send(new BatchWriteCommand({ RequestItems: { app: [{ PutRequest: { Item: { pk: 'TOPICSUBS#csto', sk: 'SUB#1' } } }, { DeleteRequest: { Key: { pk: 'EMAIL#a@b', sk: 'SUB#1' } } }] } })),
      [{ action: 'dynamodb:BatchWriteItem', resource: table('app'), context: leading('TOPICSUBS#csto', 'EMAIL#a@b') }],
    ],
    [
      'TransactWriteItems: each item its own',
      (c) => c.dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'app', Item: { pk: { S: 'ART#1' } } } }, { Delete: { TableName: 'other', Key: { id: { N: '7' } } } }] })),
      [
        { action: 'dynamodb:PutItem', resource: table('app'), context: leading('ART#1') },
        { action: 'dynamodb:DeleteItem', resource: table('other'), context: leading('7') },
      ],
    ],
    ['a table whose key schema is unknown: none', (c) => c.doc.send(new GetCommand({ TableName: 'unknown', Key: { pk: 'ART#1' } })), [{ action: 'dynamodb:GetItem', resource: table('unknown') }]],
  ])('%s', async (_name, send, calls) => {
    expect(describeRequest(await sent(send), keyed).calls).toEqual(calls);
  });
});

describe('describeRequest: SQS query protocol (older clients; SDK v3 only speaks JSON)', () => {
  it.each<[string, string, string, string, IamCall[]]>([
    ['SendMessage with QueueUrl', '/', `Action=SendMessage&Version=2012-11-05&QueueUrl=${encodeURIComponent('http://127.0.0.1:1/000000000000/fan-out')}&MessageBody=x`, 'SendMessage', [{ action: 'sqs:SendMessage', resource: queue('fan-out') }]],
    ['SendMessageBatch posted to the queue path', '/000000000000/email', 'Action=SendMessageBatch&SendMessageBatchRequestEntry.1.Id=1&SendMessageBatchRequestEntry.1.MessageBody=x', 'SendMessageBatch', [{ action: 'sqs:SendMessage', resource: queue('email') }]],
    ['GetQueueUrl', '/', 'Action=GetQueueUrl&QueueName=poll', 'GetQueueUrl', [{ action: 'sqs:GetQueueUrl', resource: queue('poll') }]],
    ['ListQueues', '/', 'Action=ListQueues', 'ListQueues', [{ action: 'sqs:ListQueues', resource: '*' }]],
  ])('%s', async (_name, path, form, operation, calls) => {
    // Signed by the real client; only the protocol is rewritten.
    const real = await sent((c) => c.sqs.send(new ListQueuesCommand({})));
    const req: WireRequest = {
      ...real,
      path,
      headers: { authorization: real.headers.authorization, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: Buffer.from(form),
    };
    expect(describeRequest(req, ctx)).toEqual({ service: 'sqs', operation, principal: CALLER, calls });
  });
});

describe('describeRequest: what it cannot map, it says so', () => {
  it.each<[string, (c: Clients) => Promise<unknown>, RegExp]>([
    ['a DynamoDB operation outside the mapping', (c) => c.dynamodb.send(new ListTablesCommand({})), /DynamoDB ListTables is not mapped/],
    ['an SQS operation outside the mapping', (c) => c.sqs.send(new CreateQueueCommand({ QueueName: 'q' })), /SQS CreateQueue is not mapped/],
    ['an S3 object sub-resource', (c) => c.s3.send(new GetObjectAclCommand({ Bucket: 'feeds', Key: 'a.xml' })), /S3 GET on an object with query \["acl"\]/],
    ['an S3 copy', (c) => c.s3.send(new CopyObjectCommand({ Bucket: 'feeds', Key: 'b.xml', CopySource: 'feeds/a.xml' })), /S3 CopyObject is not mapped/],
    ['an SES operation outside the mapping', (c) => c.ses.send(new VerifyEmailIdentityCommand({ EmailAddress: 'a@example.com' })), /SES VerifyEmailIdentity is not mapped/],
    ['an SSM operation outside the mapping', (c) => c.ssm.send(new GetParametersByPathCommand({ Path: '/newshound/prod' })), /SSM GetParametersByPath is not mapped/],
    ['an SNS publish to a phone number', (c) => c.sns.send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'x' })), /Publish: no TopicArn/],
    ['an SNS publish to a topic of another region', (c) => c.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms', Message: 'x' })), /not a topic of eu-west-1/],
    ['a Lambda route outside the mapping', (c) => c.lambda.send(new DeleteEventSourceMappingCommand({ UUID: 'u' })), /Lambda DELETE \/2015-03-31\/event-source-mappings\/u is not mapped/],
    ['a CloudFormation operation outside the mapping', (c) => c.cloudFormation.send(new ValidateTemplateCommand({ TemplateBody: '{}' })), /CloudFormation ValidateTemplate is not mapped/],
    ['an SNS operation outside the mapping', (c) => c.sns.send(new CreateTopicCommand({ Name: 't' })), /SNS CreateTopic is not mapped/],
    ['an SES v2 operation outside the mapping', (c) => c.sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: 'a@example.org' })), /SES v2 POST \/v2\/email\/identities is not mapped/],
  ])('%s', async (_name, send, message) => {
    const req = await sent(send);
    expect(() => describeRequest(req, ctx)).toThrow(UnmappableRequestError);
    expect(() => describeRequest(req, ctx)).toThrow(message);
  });

  it.each<[string, (headers: WireRequest['headers']) => WireRequest['headers'], RegExp]>([
    ['no Authorization header', ({ authorization: _, ...rest }) => rest, /unsigned request \(no Authorization header\): POST \//],
    ['a malformed Authorization header', (headers) => ({ ...headers, authorization: 'Bearer abc' }), /not a SigV4 Authorization header: "Bearer abc"/],
    ['a service it does not map', (headers) => ({ ...headers, authorization: headers.authorization!.replace('/dynamodb/', '/kinesis/') }), /no IAM mapping for requests signed for service "kinesis"/],
  ])('rejects %s', async (_name, change, message) => {
    const req = await sent((c) => c.dynamodb.send(new DescribeTableCommand({ TableName: 'app' })));
    expect(() => describeRequest({ ...req, headers: change(req.headers) }, ctx)).toThrow(message);
  });

  it('rejects SendRawEmail whose message has no sender', async () => {
    const req = await sent((c) => c.ses.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from('To: reader@example.org\r\n\r\nFrom: body@example.org') } })));
    expect(() => describeRequest(req, ctx)).toThrow(/SendRawEmail: no Source and no From header/);
  });
});

describe('sesIdentityCandidates', () => {
  it.each<[string, string[]]>([
    ['alerts@news.example.com', ['alerts@news.example.com', 'news.example.com', 'example.com']],
    ['a@Example.ORG', ['a@Example.ORG', 'example.org']],
    ['mail.example.co.uk', ['mail.example.co.uk', 'example.co.uk', 'co.uk']],
  ])('%s → %j', (address, candidates) => {
    expect(sesIdentityCandidates(address)).toEqual(candidates);
  });
});
