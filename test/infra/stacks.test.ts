import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppFunction } from '../../infra/constructs/app-function.js';
import { dlqUrlEnv, FunctionEnv, queueUrlEnv } from '../../infra/stacks/function-env.js';
import { FUNCTION_NAMES, FUNCTION_SPECS, pascalCase, QUEUE_NAMES } from '../../infra/stacks/function-specs.js';
import { NewshoundNagChecks } from '../../infra/stacks/nag.js';
import { synthNewshound, testApp, type SynthesizedStacks } from './support/test-app.js';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
const resources = (template: Template, type?: string): Resources => template.findResources(type ?? '') as Resources;
const allResources = (template: Template): Resources => template.toJSON().Resources as Resources;
const ofType = (template: Template, type: string) => Object.entries(allResources(template)).filter(([, r]) => r.Type === type);

let s: SynthesizedStacks;
beforeAll(() => {
  s = synthNewshound();
});

describe('stateful stack', () => {
  it('keeps everything in one on-demand table with PITR, TTL on expiresAt, the adapters\' two indexes, retained', () => {
    const tables = ofType(s.statefulTemplate, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    s.statefulTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
          }),
          Match.objectLike({
            IndexName: 'gsi2',
            KeySchema: [
              { AttributeName: 'gsi2pk', KeyType: 'HASH' },
              { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
            ],
          }),
        ],
      }),
    });
  });

  it.each(['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::SecretsManager::Secret'])('retains every %s on delete', (type) => {
    const found = ofType(s.statefulTemplate, type);
    expect(found.length).toBeGreaterThan(0);
    for (const [id, r] of found) expect({ id, policy: r.DeletionPolicy }).toEqual({ id, policy: 'Retain' });
  });

  it('gives every work queue a DLQ (5 receives), and keeps dead letters 14 days', () => {
    const queues = ofType(s.statefulTemplate, 'AWS::SQS::Queue');
    const dlqIds = new Set<string>();
    for (const [, q] of queues) {
      const redrive = q.Properties?.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] }; maxReceiveCount: number } | undefined;
      if (redrive) {
        expect(redrive.maxReceiveCount).toBe(5);
        dlqIds.add(redrive.deadLetterTargetArn['Fn::GetAtt'][0]);
      }
    }
    const asyncFailures = s.stateful.getLogicalId(s.stateful.asyncFailures.node.defaultChild as CfnQueue);
    dlqIds.add(asyncFailures);
    for (const [id, q] of queues) {
      if (dlqIds.has(id)) expect(q.Properties?.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
      else expect(q.Properties?.RedrivePolicy, `${id} has no DLQ`).toBeDefined();
      expect(q.Properties?.SqsManagedSseEnabled, `${id} SSE`).toBe(true);
    }
    // six work queues, six DLQs, one dead-letter target for async invocations
    expect(queues).toHaveLength(QUEUE_NAMES.length * 2 + 1);
  });

  it.each(QUEUE_NAMES)('sizes the %s queue visibility timeout to at least 6x its consumer timeout', (queue) => {
    const cfnQueue = s.stateful.queues[queue].queue.node.defaultChild as CfnQueue;
    const consumer = FUNCTION_NAMES.find((n) => FUNCTION_SPECS[n].consumes?.queue === queue)!;
    const fnTimeout = (s.stateless.functions[consumer].fn.node.defaultChild as CfnFunction).timeout!;
    const window = FUNCTION_SPECS[consumer].consumes?.maxBatchingWindowSeconds ?? 0;
    expect(cfnQueue.visibilityTimeout).toBeGreaterThanOrEqual(6 * fnTimeout + window);
  });

  it('blocks public access to the feeds bucket, enforces TLS and lets only its CloudFront distribution read it', () => {
    const feeds = s.stateful.getLogicalId(s.stateful.feedsBucket.node.defaultChild as CfnResource);
    const distribution = s.stateful.getLogicalId(s.stateful.feedsDistribution.node.defaultChild as CfnResource);
    const bucket = allResources(s.statefulTemplate)[feeds]!;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    s.statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: feeds },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: distribution }])]) }) } },
          }),
        ]),
      },
    });
    s.statefulTemplate.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    s.statefulTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
  });

  it('holds the Telegram bot token, the signing key and the webhook secret in Secrets Manager', () => {
    expect(ofType(s.statefulTemplate, 'AWS::SecretsManager::Secret')).toHaveLength(3);
  });

  it('routes SES bounces and complaints to an SNS topic that ses-events subscribes to', () => {
    s.statefulTemplate.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: Match.anyValue() }),
    });
    const sesEvents = s.stateless.getLogicalId(s.stateless.functions['ses-events'].fn.node.defaultChild as CfnResource);
    s.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [sesEvents, 'Arn'] } });
  });
});

describe('stateless stack', () => {
  it('builds exactly the twelve functions, each through AppFunction, with stable PascalCase ids', () => {
    const cfnFunctions = s.app.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function');
    expect(cfnFunctions).toHaveLength(FUNCTION_NAMES.length);
    for (const fn of cfnFunctions) {
      expect(fn.node.scopes.some((scope) => AppFunction.isAppFunction(scope)), fn.node.path).toBe(true);
    }
    for (const name of FUNCTION_NAMES) {
      const logicalId = s.stateless.getLogicalId(s.stateless.functions[name].fn.node.defaultChild as CfnResource);
      expect(logicalId).toMatch(new RegExp(`^${pascalCase(name)}Function[0-9A-F]{8}$`));
    }
  });

  it.each(FUNCTION_NAMES)('runs %s on Node.js 26 arm64, ESM bundle, source maps, a month of logs', (name) => {
    const logicalId = s.stateless.getLogicalId(s.stateless.functions[name].fn.node.defaultChild as CfnResource);
    const fn = allResources(s.statelessTemplate)[logicalId]!.Properties!;
    expect(fn).toMatchObject({
      Runtime: 'nodejs26.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: FUNCTION_SPECS[name].memoryMb,
      Timeout: FUNCTION_SPECS[name].timeoutSeconds,
    });
    const env = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: name, [FunctionEnv.stage]: 'prod' });
    expect(env[FunctionEnv.configHash]).toMatch(/^[0-9a-f]{16}$/);
    const logGroup = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(allResources(s.statelessTemplate)[logGroup]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
  });

  it('feeds every queue consumer through an SQS event source that reports partial batch failures', () => {
    const mappings = ofType(s.statelessTemplate, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(QUEUE_NAMES.length);
    for (const [, m] of mappings) expect(m.Properties?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it.each([
    ['DispatchPollsSchedule', 'dispatch-polls', 'rate(5 minutes)'],
    ['SweepOutboxSchedule', 'sweep-outbox', 'rate(1 minute)'],
    ['SendDigestsSchedule', 'send-digests', 'rate(5 minutes)'],
  ] as const)('schedules %s with EventBridge Scheduler', (_id, name, expression) => {
    const fnId = s.stateless.getLogicalId(s.stateless.functions[name].fn.node.defaultChild as CfnResource);
    s.statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: expression,
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, DeadLetterConfig: Match.anyValue() }),
    });
    s.statelessTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 300,
    });
  });

  it('serves the subscription pages and the Telegram webhook through the HTTP API, logged and throttled', () => {
    const routeKeys = ofType(s.statelessTemplate, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties?.RouteKey);
    expect(routeKeys).toEqual(
      expect.arrayContaining(['POST /telegram/webhook', 'GET /subscribe', 'POST /subscribe', 'GET /confirm', 'GET /preferences', 'POST /preferences', 'GET /unsubscribe', 'POST /unsubscribe']),
    );
    s.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }),
    });
  });
});

describe('DynamoDB capacity', () => {
  it('is on-demand by default, and provisioned on request, auto-scaled within the always-free 25 WCU / 25 RCU', () => {
    s.statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST' });
    expect(ofType(s.statefulTemplate, 'AWS::ApplicationAutoScaling::ScalableTarget')).toHaveLength(0);

    const provisioned = synthNewshound({ tableCapacity: 'provisioned' });
    const table = ofType(provisioned.statefulTemplate, 'AWS::DynamoDB::Table')[0]![1].Properties as { BillingMode?: string; ProvisionedThroughput?: unknown };
    expect(table.BillingMode ?? 'PROVISIONED').toBe('PROVISIONED');
    expect(table.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 1, WriteCapacityUnits: 1 });
    const targets = ofType(provisioned.statefulTemplate, 'AWS::ApplicationAutoScaling::ScalableTarget').map(([, r]) => r.Properties as { ScalableDimension: string; MaxCapacity: number });
    expect(targets).toHaveLength(6);
    const sum = (dimension: string) => targets.filter((t) => t.ScalableDimension.endsWith(dimension)).reduce((n, t) => n + t.MaxCapacity, 0);
    expect(sum('WriteCapacityUnits')).toBe(25);
    expect(sum('ReadCapacityUnits')).toBe(25);
    provisioned.app.synth();
    expect(new NewshoundNagChecks().validateScope(provisioned.app).violations).toEqual([]);
  });

  it('refuses an unknown capacity mode, naming the context key', () => {
    expect(() => synthNewshound({ tableCapacity: 'cheap' })).toThrow(/context\.tableCapacity/);
  });
});

describe('alarms', () => {
  it('alarms on every dead-letter queue and on a halted sender, notifying an alarm topic (and the alarmEmail when given)', () => {
    const alarms = ofType(s.statelessTemplate, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as { MetricName?: string; Threshold?: number; AlarmActions?: unknown[] });
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(QUEUE_NAMES.length);
    expect(alarms.filter((a) => a.MetricName === 'SenderHalted')).toHaveLength(1);
    expect(ofType(s.statelessTemplate, 'AWS::Logs::MetricFilter')).toHaveLength(3);
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
    s.statelessTemplate.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: '{ $.message = "ALARM consumer halted" }', MetricTransformations: [Match.objectLike({ MetricName: 'SenderHalted' })] });
    expect(ofType(s.statelessTemplate, 'AWS::SNS::Subscription').filter(([, r]) => r.Properties?.Protocol === 'email')).toHaveLength(0);
    const withEmail = synthNewshound({ alarmEmail: 'ops@example.org' });
    withEmail.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  });
});

describe('least privilege', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  const statements = (template: Template) =>
    ofType(template, 'AWS::IAM::Policy').flatMap(([id, p]) =>
      ((p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement ?? []).map((st) => ({ id, ...st, actions: [st.Action].flat(), resources: [st.Resource].flat() })),
    );
  const all = () => [...statements(s.statefulTemplate), ...statements(s.statelessTemplate)];

  it('never grants DynamoDB, SQS, S3, SES, Secrets Manager or logs actions on "*", nor service-wide actions', () => {
    const scoped = /^(dynamodb|sqs|s3|ses|secretsmanager|logs):/;
    for (const st of all().filter((st) => st.actions.some((a) => scoped.test(a)))) {
      expect(st.resources, `${st.id}: ${st.actions.join(',')}`).not.toContain('*');
      for (const action of st.actions) expect(action, st.id).not.toMatch(/^[a-z0-9-]+:\*$/);
    }
  });

  it('allows SES sending only to send-email and subscriptions (the confirmation email), on the sender identity and the configuration set', () => {
    const ses = all().filter((st) => st.actions.some((a) => a.startsWith('ses:')));
    const policyOf = (name: 'send-email' | 'subscriptions') =>
      s.stateless.getLogicalId(s.stateless.functions[name].role.node.findChild('DefaultPolicy').node.defaultChild as CfnResource);
    expect(ses.map((st) => st.id).sort()).toEqual([policyOf('send-email'), policyOf('subscriptions')].sort());
    for (const statement of ses) {
      expect(statement.actions.sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const rendered = JSON.stringify(statement.resources);
      expect(rendered).toContain(':identity/news.example.org"');
      expect(rendered).toContain(':configuration-set/');
      expect(statement.resources).toHaveLength(2);
    }
  });

  it('gives functions secrets by ARN only, and only to the functions that use them', () => {
    const secretArns = new Map(
      (['telegramBotToken', 'signingKey', 'telegramWebhookSecret'] as const).map((k) => [s.stateful.getLogicalId(s.stateful[k].node.defaultChild as CfnResource), k]),
    );
    for (const [id, fn] of ofType(s.statelessTemplate, 'AWS::Lambda::Function')) {
      const env = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const [key, value] of Object.entries(env)) {
        const rendered = JSON.stringify(value);
        expect(rendered, `${id} ${key}`).not.toContain('resolve:secretsmanager');
        if (/SECRET|TOKEN|SIGNING/.test(key)) {
          expect(key, id).toMatch(/_SECRET_ARN$/);
          expect(typeof value, `${id} ${key} must be a reference to the secret, not a literal`).toBe('object');
          expect([...secretArns.keys()].some((secretId) => rendered.includes(secretId)), `${id} ${key}`).toBe(true);
        }
      }
    }
    const envOf = (name: (typeof FUNCTION_NAMES)[number]) =>
      JSON.stringify(Stack.of(s.stateless).resolve((s.stateless.functions[name].fn.node.defaultChild as CfnFunction).environment));
    const readers = (secret: 'telegramBotToken' | 'signingKey' | 'telegramWebhookSecret') => {
      const secretId = s.stateful.getLogicalId(s.stateful[secret].node.defaultChild as CfnResource);
      return FUNCTION_NAMES.filter((name) => envOf(name).includes(secretId)).sort();
    };
    expect(readers('telegramWebhookSecret')).toEqual(['telegram-webhook']);
    expect(readers('telegramBotToken')).toEqual(['send-telegram', 'telegram-webhook']);
    expect(readers('signingKey')).toEqual(['send-email', 'send-telegram', 'send-webhook', 'subscriptions']);
  });

  it('hands every function the URL of each queue it may send to, and its own DLQ, nothing more', () => {
    const env = Stack.of(s.stateless).resolve((s.stateless.functions['fan-out'].fn.node.defaultChild as CfnFunction).environment) as { variables: Record<string, unknown> };
    expect(Object.keys(env.variables).filter((k) => /_(QUEUE|DLQ)_URL$/.test(k)).sort()).toEqual(
      [...(['email', 'telegram', 'webhook', 'publish'] as const).map((q) => queueUrlEnv(q)), dlqUrlEnv('fan-out')].sort(),
    );
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing that is not acknowledged with a reason', () => {
    s.app.synth();
    const report = new NewshoundNagChecks().validateScope(s.app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('stays clean with X-Ray tracing on, accepting "*" only for X-Ray', () => {
    const traced = synthNewshound({ tracing: 'true' });
    traced.app.synth();
    const fn = traced.statelessTemplate.findResources('AWS::Lambda::Function');
    for (const r of Object.values(fn)) expect(r.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(new NewshoundNagChecks().validateScope(traced.app).violations).toEqual([]);
  });

  it('still fails on a wildcard resource for data actions', () => {
    const app = testApp();
    const stack = new Stack(app, 'Probe');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }));
    app.synth();
    const rules = new NewshoundNagChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-IAM5[Resource::*]');
  });
});

describe('deploy-time context', () => {
  it('names the stacks after the stage and scopes SES to the given identity', () => {
    const staging = synthNewshound({ stage: 'staging', publicBaseUrl: 'https://alerts.example.com', emailFrom: 'news@mail.example.com', senderIdentity: 'example.com' });
    expect([staging.stateful.stackName, staging.stateless.stackName]).toEqual(['Newshound-staging-Stateful', 'Newshound-staging-Stateless']);
    const fn = staging.statelessTemplate.findResources('AWS::Lambda::Function');
    for (const r of Object.values(fn)) {
      expect(r.Properties.Environment.Variables).toMatchObject({ STAGE: 'staging', PUBLIC_BASE_URL: 'https://alerts.example.com', EMAIL_FROM: 'news@mail.example.com' });
    }
    expect(JSON.stringify(staging.statelessTemplate.toJSON())).toContain(':identity/example.com"');
    expect(JSON.stringify(resources(staging.statelessTemplate, 'AWS::IAM::Policy'))).not.toContain('news.example.org');
  });
});
