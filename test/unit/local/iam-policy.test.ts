import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyDocument, type PolicyStatement } from '../../../infra/local/aws/iam-policy.js';
import type { IamCall } from '../../../infra/local/aws/iam-requests.js';
import { tableStatements } from '../../../infra/stacks/table-policy.js';

const ACCOUNT = '123456789012';
const TABLE = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/app`;
const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:fan-out`;
const IDENTITY = `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/alerts@news.example.com`;
const MAPPING = `arn:aws:lambda:eu-west-1:${ACCOUNT}:event-source-mapping:a1b2`;
const SEND_EMAIL = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:send-email`;

const policy = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[], Condition?: PolicyStatement['Condition']): PolicyStatement => ({ Effect: 'Allow', Action, Resource, ...(Condition && { Condition }) });

/** What CDK's table.grantReadData(fn) puts in the function's policy. */
const GRANT_READ_DATA = allow(
  ['dynamodb:BatchGetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  [TABLE, `${TABLE}/index/*`],
);

describe('evaluate', () => {
  it.each<[string, PolicyDocument[], IamCall, boolean, string]>([
    ['an action the statement lists', [policy(GRANT_READ_DATA)], { action: 'dynamodb:GetItem', resource: TABLE }, true, 'explicit allow by statement 1 of policy 1'],
    ['an action it does not list', [policy(GRANT_READ_DATA)], { action: 'dynamodb:PutItem', resource: TABLE }, false, 'no statement allows it'],
    ['an index under table/T/index/*', [policy(GRANT_READ_DATA)], { action: 'dynamodb:Query', resource: `${TABLE}/index/gsi1` }, true, 'explicit allow by statement 1 of policy 1'],
    ['an index of another table', [policy(GRANT_READ_DATA)], { action: 'dynamodb:Query', resource: `${TABLE}2/index/gsi1` }, false, 'no statement allows it'],
    ['an index when only the table is granted', [policy(allow('dynamodb:Query', TABLE))], { action: 'dynamodb:Query', resource: `${TABLE}/index/gsi1` }, false, 'no statement allows it'],
    ['no policies at all', [], { action: 'dynamodb:GetItem', resource: TABLE }, false, 'no statement allows it'],
    ['a wildcard action (Get*)', [policy(allow('dynamodb:Get*', TABLE))], { action: 'dynamodb:GetItem', resource: TABLE }, true, 'explicit allow by statement 1 of policy 1'],
    ['a wildcard action that does not cover it', [policy(allow('dynamodb:Get*', TABLE))], { action: 'dynamodb:Query', resource: TABLE }, false, 'no statement allows it'],
    ['actions, case-insensitively', [policy(allow('SQS:sendmessage', QUEUE))], { action: 'sqs:SendMessage', resource: QUEUE }, true, 'explicit allow by statement 1 of policy 1'],
    ['a wildcard in the middle of a resource', [policy(allow('sqs:SendMessage', `arn:aws:sqs:*:${ACCOUNT}:fan-*`))], { action: 'sqs:SendMessage', resource: QUEUE }, true, 'explicit allow by statement 1 of policy 1'],
    ['resources, case-sensitively', [policy(allow('sqs:SendMessage', QUEUE.toUpperCase().replace('ARN:AWS:SQS', 'arn:aws:sqs')))], { action: 'sqs:SendMessage', resource: QUEUE }, false, 'no statement allows it'],
    ['an S3 object under bucket/*', [policy(allow(['s3:GetObject*', 's3:PutObject'], 'arn:aws:s3:::feeds/*'))], { action: 's3:PutObject', resource: 'arn:aws:s3:::feeds/topics/a.xml' }, true, 'explicit allow by statement 1 of policy 1'],
    ['a bucket action when only objects are granted', [policy(allow('s3:*', 'arn:aws:s3:::feeds/*'))], { action: 's3:ListBucket', resource: 'arn:aws:s3:::feeds' }, false, 'no statement allows it'],
    [
      'the statement that allows it, by number and Sid, across policies',
      [policy(allow('sqs:SendMessage', QUEUE)), policy(allow('dynamodb:PutItem', `${TABLE}2`), { Sid: 'Writes', Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: TABLE })],
      { action: 'dynamodb:PutItem', resource: TABLE },
      true,
      'explicit allow by statement 2 (Sid Writes) of policy 2',
    ],
    ['a single Statement object rather than an array', [{ Version: '2012-10-17', Statement: allow('sqs:SendMessage', QUEUE) }], { action: 'sqs:SendMessage', resource: QUEUE }, true, 'explicit allow by statement 1 of policy 1'],
  ])('allows or denies %s', async (_name, policies, call, allowed, reason) => {
    expect(await evaluate(policies, call, ACCOUNT)).toEqual({ allowed, action: call.action, resource: call.resource, reason });
  });

  describe('explicit deny', () => {
    it.each<[string, PolicyDocument[], IamCall, boolean, string]>([
      [
        'beats an allow in the same policy',
        [policy(allow('dynamodb:*', '*'), { Sid: 'NoDeletes', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: TABLE })],
        { action: 'dynamodb:DeleteItem', resource: TABLE },
        false,
        'explicit deny by statement 2 (Sid NoDeletes) of policy 1',
      ],
      [
        'beats an allow in another policy',
        [policy(allow('*', '*')), policy({ Effect: 'Deny', Action: 's3:Delete*', Resource: 'arn:aws:s3:::feeds/*' })],
        { action: 's3:DeleteObject', resource: 'arn:aws:s3:::feeds/a.xml' },
        false,
        'explicit deny by statement 1 of policy 2',
      ],
      ['leaves what it does not match alone', [policy(allow('dynamodb:*', '*'), { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: TABLE })], { action: 'dynamodb:PutItem', resource: TABLE }, true, 'explicit allow by statement 1 of policy 1'],
      [
        'with NotAction: everything but the listed actions',
        [policy(allow('*', '*'), { Effect: 'Deny', NotAction: ['sqs:SendMessage', 'sqs:GetQueueAttributes'], Resource: QUEUE })],
        { action: 'sqs:PurgeQueue', resource: QUEUE },
        false,
        'explicit deny by statement 2 of policy 1',
      ],
      ['NotAction spares the listed actions', [policy(allow('*', '*'), { Effect: 'Deny', NotAction: ['sqs:SendMessage'], Resource: QUEUE })], { action: 'sqs:SendMessage', resource: QUEUE }, true, 'explicit allow by statement 1 of policy 1'],
      [
        'with NotResource: everywhere but the listed resources',
        [policy(allow('sqs:*', '*'), { Effect: 'Deny', Action: 'sqs:*', NotResource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:fan-*` })],
        { action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:email` },
        false,
        'explicit deny by statement 2 of policy 1',
      ],
      ['NotResource spares the listed resources', [policy(allow('sqs:*', '*'), { Effect: 'Deny', Action: 'sqs:*', NotResource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:fan-*` })], { action: 'sqs:SendMessage', resource: QUEUE }, true, 'explicit allow by statement 1 of policy 1'],
    ])('%s', async (_name, policies, call, allowed, reason) => {
      expect(await evaluate(policies, call, ACCOUNT)).toMatchObject({ allowed, reason });
    });
  });

  it.each<[string, PolicyStatement, boolean]>([
    ['Allow with NotAction', { Effect: 'Allow', NotAction: 'sqs:PurgeQueue', Resource: QUEUE }, true],
    ['Allow with NotAction naming it', { Effect: 'Allow', NotAction: 'sqs:Send*', Resource: QUEUE }, false],
    ['Allow with NotResource', { Effect: 'Allow', Action: 'sqs:SendMessage', NotResource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:email` }, true],
    ['Allow with NotResource naming it', { Effect: 'Allow', Action: 'sqs:SendMessage', NotResource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:fan-*` }, false],
  ])('%s: allowed %s', async (_name, statement, allowed) => {
    expect((await evaluate([policy(statement)], { action: 'sqs:SendMessage', resource: QUEUE }, ACCOUNT)).allowed).toBe(allowed);
  });

  describe('wildcard-only actions', () => {
    it.each<[string, string, boolean]>([
      ['Resource "*" grants ListQueues', '*', true],
      ['a queue ARN pattern does not, as in AWS', `arn:aws:sqs:eu-west-1:${ACCOUNT}:*`, false],
    ])('%s', async (_name, resource, allowed) => {
      expect((await evaluate([policy(allow('sqs:*', resource))], { action: 'sqs:ListQueues', resource: '*' }, ACCOUNT)).allowed).toBe(allowed);
    });
  });

  describe('conditions', () => {
    const fromAddress = (address: string): IamCall => ({ action: 'ses:SendRawEmail', resource: IDENTITY, context: { 'ses:FromAddress': address } });
    const updateMapping = (functionArn?: string): IamCall => ({
      action: 'lambda:UpdateEventSourceMapping',
      resource: MAPPING,
      ...(functionArn && { context: { 'lambda:FunctionArn': functionArn } }),
    });
    const getObject = (context?: Record<string, string>): IamCall => ({ action: 's3:GetObject', resource: 'arn:aws:s3:::feeds/a.xml', ...(context && { context }) });

    it.each<[string, PolicyStatement['Condition'], IamCall, boolean]>([
      ['StringEquals matches the exact value', { StringEquals: { 'ses:FromAddress': 'alerts@news.example.com' } }, fromAddress('alerts@news.example.com'), true],
      ['StringEquals is case-sensitive', { StringEquals: { 'ses:FromAddress': 'Alerts@news.example.com' } }, fromAddress('alerts@news.example.com'), false],
      ['StringEquals with a list: any value', { StringEquals: { 'ses:FromAddress': ['a@example.com', 'alerts@news.example.com'] } }, fromAddress('alerts@news.example.com'), true],
      ['StringNotEquals', { StringNotEquals: { 'ses:FromAddress': 'alerts@news.example.com' } }, fromAddress('alerts@news.example.com'), false],
      ['StringLike with a wildcard', { StringLike: { 'ses:FromAddress': '*@news.example.com' } }, fromAddress('alerts@news.example.com'), true],
      ['StringLike that does not match', { StringLike: { 'ses:FromAddress': '*@example.org' } }, fromAddress('alerts@news.example.com'), false],
      ['StringLike when the key is absent', { StringLike: { 'ses:FromAddress': '*' } }, { action: 'ses:SendRawEmail', resource: IDENTITY }, false],
      ['ArnEquals on the exact ARN', { ArnEquals: { 'lambda:FunctionArn': SEND_EMAIL } }, updateMapping(SEND_EMAIL), true],
      ['ArnEquals on another function', { ArnEquals: { 'lambda:FunctionArn': SEND_EMAIL } }, updateMapping(`${SEND_EMAIL}-2`), false],
      ['ArnLike with wildcards', { ArnLike: { 'lambda:FunctionArn': `arn:aws:lambda:*:${ACCOUNT}:function:send-*` } }, updateMapping(SEND_EMAIL), true],
      ['ArnLike when the key is absent', { ArnLike: { 'lambda:FunctionArn': '*' } }, updateMapping(), false],
      ['ArnLikeIfExists when the key is absent', { ArnLikeIfExists: { 'lambda:FunctionArn': SEND_EMAIL } }, updateMapping(), true],
      ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, getObject({ 'aws:SecureTransport': 'true' }), true],
      ['Bool false against true', { Bool: { 'aws:SecureTransport': 'false' } }, getObject({ 'aws:SecureTransport': 'true' }), false],
      ['Bool when the key is absent', { Bool: { 'aws:SecureTransport': 'true' } }, getObject(), false],
      ['two operators: both must hold', { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }, getObject({ 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' }), false],
    ])('%s', async (_name, condition, call, allowed) => {
      expect((await evaluate([policy(allow(call.action, '*', condition))], call, ACCOUNT)).allowed).toBe(allowed);
    });

    it('denies on a matching Deny condition only', async () => {
      const policies = [policy(allow('s3:GetObject', '*'), { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })];
      expect(await evaluate(policies, getObject({ 'aws:SecureTransport': 'false' }), ACCOUNT)).toMatchObject({ allowed: false, reason: 'explicit deny by statement 2 of policy 1' });
      expect(await evaluate(policies, getObject({ 'aws:SecureTransport': 'true' }), ACCOUNT)).toMatchObject({ allowed: true, reason: 'explicit allow by statement 1 of policy 1' });
    });
  });

  describe('dynamodb:LeadingKeys, as the stack scopes a function to its item types', () => {
    // The statements the stack derives for a function reading articles, writing deliveries and the halts item, querying gsi2.
    const scoped = policy(...(tableStatements(TABLE, { read: ['ART#'], readWrite: ['DLV#', 'HALTS'], indexes: ['gsi2'] }).map((st) => st.toStatementJson()) as PolicyStatement[]));
    const keys = (...values: string[]) => ({ 'dynamodb:LeadingKeys': values });

    it.each<[string, IamCall, boolean]>([
      ['a read of an item type it reads', { action: 'dynamodb:GetItem', resource: TABLE, context: keys('ART#a-1') }, true],
      ['a write of an item type it only reads', { action: 'dynamodb:PutItem', resource: TABLE, context: keys('ART#a-1') }, false],
      ['a write of an item type it writes', { action: 'dynamodb:UpdateItem', resource: TABLE, context: keys('DLV#s#email#a-1') }, true],
      ['a whole key, as written', { action: 'dynamodb:PutItem', resource: TABLE, context: keys('HALTS') }, true],
      ['a whole key is no prefix', { action: 'dynamodb:PutItem', resource: TABLE, context: keys('HALTS#2') }, false],
      ['a read outside its item types', { action: 'dynamodb:GetItem', resource: TABLE, context: keys('SUB#x') }, false],
      ['a batch inside its item types', { action: 'dynamodb:BatchWriteItem', resource: TABLE, context: keys('DLV#1', 'DLV#2', 'HALTS') }, true],
      ['a batch with one item outside', { action: 'dynamodb:BatchWriteItem', resource: TABLE, context: keys('DLV#1', 'SUB#x') }, false],
      ['a prefix that only starts alike', { action: 'dynamodb:GetItem', resource: TABLE, context: keys('ARTICLE#1') }, false],
      ['a request without leading keys (ForAllValues alone would allow it)', { action: 'dynamodb:GetItem', resource: TABLE }, false],
      ['a scan, which has no leading keys', { action: 'dynamodb:Scan', resource: TABLE }, false],
      ['a query on the index it names, whatever its key', { action: 'dynamodb:Query', resource: `${TABLE}/index/gsi2`, context: keys('OUTBOX') }, true],
      ['a query on another index', { action: 'dynamodb:Query', resource: `${TABLE}/index/gsi1`, context: keys('TOPIC#csto') }, false],
      ['a scan of the index it queries', { action: 'dynamodb:Scan', resource: `${TABLE}/index/gsi2` }, false],
    ])('%s', async (_name, call, allowed) => {
      expect((await evaluate([scoped], call, ACCOUNT)).allowed).toBe(allowed);
    });
  });

  it.each<[string, PolicyDocument[], IamCall, RegExp]>([
    ['an action IAM does not know', [policy(allow('*', '*'))], { action: 'sqs:SendMessages', resource: QUEUE }, /cannot evaluate sqs:SendMessages on .*: invalid\.action/],
    ['a resource of the wrong type for the action', [policy(allow('*', '*'))], { action: 'sqs:SendMessage', resource: TABLE }, /cannot evaluate sqs:SendMessage on .*table\/app: no\.resource\.types/],
    ['a specific resource for a wildcard-only action', [policy(allow('*', '*'))], { action: 'sqs:ListQueues', resource: QUEUE }, /must\.use\.wildcard/],
    ['an invalid policy', [{ Statement: [{ Effect: 'Allow', Resource: '*' } as PolicyStatement] }], { action: 'sqs:SendMessage', resource: QUEUE }, /policy\.errors .*policy 1/],
  ])('throws, rather than deny, for %s', async (_name, policies, call, message) => {
    await expect(evaluate(policies, call, ACCOUNT)).rejects.toThrow(message);
  });
});
