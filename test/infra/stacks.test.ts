import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppFunction } from '../../infra/constructs/app-function.js';
import { NewshoundNagChecks } from '../../infra/stacks/nag.js';
import { dlqUrlEnv, environmentNames, FunctionEnv, queueUrlEnv, secretParameterEnv, visibilityTimeoutSeconds } from '../../shared/topology/environment.js';
import { entryOf, FUNCTION_NAMES, type FunctionName, pascalCase, queueTriggerOf, SECRET_NAMES, secretParameterName, SECRETS, type ScheduleTrigger, sendsOf } from '../../shared/topology/functions.js';
import { QUEUE_NAMES } from '../../shared/topology/queues.js';
import { FIXTURE_DOMAIN } from './fixtures/production-config.js';
import { synthNewshound, testApp, type SynthesizedStacks } from './support/test-app.js';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
const resources = (template: Template, type?: string): Resources => template.findResources(type ?? '') as Resources;
const allResources = (template: Template): Resources => template.toJSON().Resources as Resources;
const ofType = (template: Template, type: string) => Object.entries(allResources(template)).filter(([, r]) => r.Type === type);

/** Lambda's and Powertools' own variables, which AppFunction sets on every function. */
const PLATFORM_ENV = ['NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];

let s: SynthesizedStacks;
beforeAll(() => {
  s = synthNewshound();
});

const statefulId = (construct: IConstruct) => s.stateful.getLogicalId(construct.node.defaultChild as CfnResource);
const functionId = (name: FunctionName) => s.stateless.getLogicalId(s.stateless.functions[name].fn.node.defaultChild as CfnResource);
const roleId = (name: FunctionName) => s.stateless.getLogicalId(s.stateless.functions[name].role.node.defaultChild as CfnResource);
const functionProps = (name: FunctionName) => allResources(s.statelessTemplate)[functionId(name)]!.Properties!;
const envOf = (name: FunctionName) => (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
/** A cross-stack reference names the stateful resource's logical id (in its export). */
const refersTo = (value: unknown, construct: IConstruct) => JSON.stringify(value ?? null).includes(statefulId(construct));

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsIn = (template: Template) =>
  ofType(template, 'AWS::IAM::Policy').flatMap(([id, p]) =>
    ((p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement ?? []).map((st) => ({ id, roles: p.Properties!.Roles, ...st, actions: [st.Action].flat(), resources: [st.Resource].flat() })),
  );
/** Every statement of the policies attached to a function's role. */
const statementsOf = (name: FunctionName) => statementsIn(s.statelessTemplate).filter((st) => JSON.stringify(st.roles) === JSON.stringify([{ Ref: roleId(name) }]));
const actionsOf = (name: FunctionName, service: string) => [...new Set(statementsOf(name).flatMap((st) => st.actions.filter((a) => a.startsWith(`${service}:`))))].sort();

describe('stateful stack', () => {
  it('keeps pushed WebSub bodies in a private, encrypted, retained bucket that forgets them after 14 days', () => {
    const id = statefulId(s.stateful.inboxBucket);
    const [, bucket] = ofType(s.statefulTemplate, 'AWS::S3::Bucket').find(([logicalId]) => logicalId === id)!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 14, Status: 'Enabled' })] },
    });
    // No CloudFront origin serves it.
    expect(JSON.stringify(ofType(s.statefulTemplate, 'AWS::CloudFront::Distribution'))).not.toContain(id);
  });

  it('keeps everything in one table with PITR, TTL on expiresAt, the adapters\' two indexes, retained', () => {
    const tables = ofType(s.statefulTemplate, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    s.statefulTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
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

  it.each(['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::SQS::Queue'])('retains every %s on delete', (type) => {
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
    dlqIds.add(statefulId(s.stateful.asyncFailures));
    for (const [id, q] of queues) {
      if (dlqIds.has(id)) expect(q.Properties?.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
      else expect(q.Properties?.RedrivePolicy, `${id} has no DLQ`).toBeDefined();
      expect(q.Properties?.SqsManagedSseEnabled, `${id} SSE`).toBe(true);
    }
    // six work queues, six DLQs, one dead-letter target for async invocations
    expect(queues).toHaveLength(QUEUE_NAMES.length * 2 + 1);
  });

  it.each(QUEUE_NAMES)('sizes the %s queue visibility timeout from the topology: 6x its consumer timeout plus the batching window', (queue) => {
    const cfnQueue = s.stateful.queues[queue].queue.node.defaultChild as CfnQueue;
    expect(cfnQueue.visibilityTimeout).toBe(visibilityTimeoutSeconds(queue));
    const consumer = FUNCTION_NAMES.find((name) => queueTriggerOf(name)?.queue === queue)!;
    const fnTimeout = (s.stateless.functions[consumer].fn.node.defaultChild as CfnFunction).timeout!;
    expect(cfnQueue.visibilityTimeout).toBeGreaterThanOrEqual(6 * fnTimeout + (queueTriggerOf(consumer)!.maxBatchingWindowSeconds ?? 0));
  });

  it('blocks public access to the feeds bucket, enforces TLS and lets only its CloudFront distribution read it', () => {
    const feeds = statefulId(s.stateful.feedsBucket);
    const distribution = statefulId(s.stateful.feedsDistribution);
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

  it('caches public and partner feeds alike, every partner request passing the token check first', () => {
    const config = (ofType(s.statefulTemplate, 'AWS::CloudFront::Distribution')[0]![1].Properties as { DistributionConfig: Record<string, unknown> }).DistributionConfig;
    const def = config.DefaultCacheBehavior as { CachePolicyId: string; TargetOriginId: string; FunctionAssociations?: unknown };
    const behaviors = config.CacheBehaviors as { PathPattern: string; CachePolicyId: string; TargetOriginId: string; ViewerProtocolPolicy: string; FunctionAssociations: unknown }[];
    expect(def.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId);
    expect(def.FunctionAssociations).toBeUndefined();
    const fn = ofType(s.statefulTemplate, 'AWS::CloudFront::Function');
    expect(fn).toHaveLength(1);
    expect(behaviors).toEqual([
      expect.objectContaining({
        PathPattern: 'feeds/private/*',
        CachePolicyId: cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
        TargetOriginId: def.TargetOriginId,
        ViewerProtocolPolicy: 'redirect-to-https',
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn[0]![0], 'FunctionARN'] } }],
      }),
    ]);
  });

  it('runs the token check from infra/edge on cloudfront-js-2.0 with the partner access store', () => {
    const [[, fn]] = ofType(s.statefulTemplate, 'AWS::CloudFront::Function') as unknown as [[string, { Properties: { FunctionCode: string; FunctionConfig: Record<string, unknown>; AutoPublish?: boolean } }]];
    const stores = ofType(s.statefulTemplate, 'AWS::CloudFront::KeyValueStore');
    expect(stores.map(([id]) => id)).toEqual([statefulId(s.stateful.partnerAccessStore)]);
    expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0', KeyValueStoreAssociations: [{ KeyValueStoreARN: { 'Fn::GetAtt': [stores[0]![0], 'Arn'] } }] });
    expect(fn.Properties.FunctionCode).toContain("cf.kvs()");
    expect(fn.Properties.AutoPublish).toBe(true);
  });

  it('keeps no secret in Secrets Manager (they are SSM SecureStrings) and outputs where they live', () => {
    expect(ofType(s.statefulTemplate, 'AWS::SecretsManager::Secret')).toHaveLength(0);
    expect(ofType(s.statelessTemplate, 'AWS::SecretsManager::Secret')).toHaveLength(0);
    s.statefulTemplate.hasOutput('SecretParameterPath', { Value: '/newshound/prod/' });
    const botToken = JSON.stringify(s.statefulTemplate.toJSON().Outputs.TelegramBotTokenSecretArn.Value);
    expect(botToken).toMatch(/:ssm:.*:parameter\/newshound\/prod\/telegram-bot-token"/);
  });

  it('routes SES bounces and complaints to an SNS topic that ses-events subscribes to', () => {
    s.statefulTemplate.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: Match.anyValue() }),
    });
    const sesEvents = functionId('ses-events');
    s.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [sesEvents, 'Arn'] } });
  });
});

describe('functions from the topology', () => {
  it('builds exactly the topology\'s functions, each through AppFunction, with stable PascalCase ids', () => {
    const cfnFunctions = s.app.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function');
    expect(cfnFunctions).toHaveLength(FUNCTION_NAMES.length);
    for (const fn of cfnFunctions) expect(fn.node.scopes.some((scope) => AppFunction.isAppFunction(scope)), fn.node.path).toBe(true);
    for (const name of FUNCTION_NAMES) expect(functionId(name)).toMatch(new RegExp(`^${pascalCase(name)}Function[0-9A-F]{8}$`));
  });

  it.each(FUNCTION_NAMES)('runs %s on Node.js 26 arm64 with its entry\'s memory and timeout, ESM bundle, source maps, a month of logs', (name) => {
    const fn = functionProps(name);
    expect(fn).toMatchObject({
      Runtime: 'nodejs26.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: entryOf(name).memoryMb,
      Timeout: entryOf(name).timeoutSeconds,
      Description: entryOf(name).description,
    });
    expect(envOf(name)).toMatchObject({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: name, [FunctionEnv.stage]: 'prod' });
    expect(envOf(name)[FunctionEnv.configHash]).toMatch(/^[0-9a-f]{16}$/);
    const logGroup = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(allResources(s.statelessTemplate)[logGroup]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
  });

  it.each(FUNCTION_NAMES)('gives %s exactly the variables environmentNames names, besides Lambda\'s and Powertools\' own', (name) => {
    expect(Object.keys(envOf(name)).sort()).toEqual([...environmentNames(name), ...PLATFORM_ENV].sort());
  });

  it.each(FUNCTION_NAMES)('points the variables of %s at the resources they name', (name) => {
    const env = envOf(name);
    const entry = entryOf(name);
    const own = queueTriggerOf(name)?.queue;
    const expected: [string, IConstruct][] = [
      ...sendsOf(name).map((queue): [string, IConstruct] => [queueUrlEnv(queue), s.stateful.queues[queue].queue]),
      ...(own ? [[dlqUrlEnv(own), s.stateful.queues[own].deadLetterQueue] as [string, IConstruct]] : []),
      ...(entry.table ? [[FunctionEnv.tableName, s.stateful.table] as [string, IConstruct]] : []),
      ...(entry.feedsBucket ? [[FunctionEnv.feedsBucket, s.stateful.feedsBucket] as [string, IConstruct], [FunctionEnv.feedsBaseUrl, s.stateful.feedsDistribution] as [string, IConstruct]] : []),
      ...(entry.sendsEmail ? [[FunctionEnv.sesConfigurationSet, s.stateful.emailConfigurationSet] as [string, IConstruct]] : []),
      ...(entry.partnerAccessStore ? [[FunctionEnv.partnerAccessStoreArn, s.stateful.partnerAccessStore] as [string, IConstruct]] : []),
    ];
    for (const [variable, resource] of expected) expect(refersTo(env[variable], resource), `${variable} → ${resource.node.path}`).toBe(true);
    // Secrets by parameter name only: never a value.
    for (const secret of entry.secrets ?? []) expect(env[secretParameterEnv(secret)]).toBe(secretParameterName('prod', secret));
  });

  it('feeds every queue consumer through an SQS event source with the topology\'s batching and concurrency, reporting partial batch failures', () => {
    const mappings = ofType(s.statelessTemplate, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties!);
    expect(mappings).toHaveLength(QUEUE_NAMES.length);
    for (const name of FUNCTION_NAMES) {
      const trigger = queueTriggerOf(name);
      if (!trigger) continue;
      const mapping = mappings.find((m) => JSON.stringify(m.FunctionName) === JSON.stringify({ Ref: functionId(name) }));
      expect(mapping, name).toMatchObject({ BatchSize: trigger.batchSize, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      expect(mapping!.MaximumBatchingWindowInSeconds, name).toBe(trigger.maxBatchingWindowSeconds);
      expect((mapping!.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency, name).toBe(trigger.maxConcurrency);
      expect(refersTo(mapping!.EventSourceArn, s.stateful.queues[trigger.queue].queue), name).toBe(true);
    }
  });
});

describe('deploy triggers', () => {
  it('has CloudFormation invoke publish-feeds to republish everything whenever the config changes, once its grants exist', () => {
    const [[, resource]] = ofType(s.statelessTemplate, 'Custom::RepublishFeeds') as [[string, Resources[string] & { DependsOn?: string[] }]];
    expect(resource.Properties).toEqual({ ServiceToken: { 'Fn::GetAtt': [functionId('publish-feeds'), 'Arn'] }, republish: 'all', configHash: envOf('publish-feeds')[FunctionEnv.configHash] });
    const policy = ofType(s.statelessTemplate, 'AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties!.Roles) === JSON.stringify([{ Ref: roleId('publish-feeds') }]))![0];
    expect(resource.DependsOn).toEqual(expect.arrayContaining([roleId('publish-feeds'), policy]));
    // CloudFormation invokes it asynchronously: a failed invocation is kept, as for schedules.
    expect(functionProps('publish-feeds').DeadLetterConfig).toBeDefined();
  });
});

describe('schedules', () => {
  const scheduleTriggers = FUNCTION_NAMES.flatMap((name) => entryOf(name).triggers.filter((t): t is ScheduleTrigger => t.kind === 'schedule').map((trigger) => [name, trigger] as const));

  it('schedules polls, the outbox sweep, digests, and a resume check for each haltable sender', () => {
    const ids = ofType(s.statelessTemplate, 'AWS::Scheduler::Schedule').map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(ids.sort()).toEqual(['DispatchPollsSchedule', 'SendDigestsSchedule', 'SendEmailResumeCheck', 'SendTelegramResumeCheck', 'SweepOutboxSchedule', 'WebSubSubscribeSchedule']);
    expect(FUNCTION_NAMES.filter((name) => entryOf(name).haltable).map((name) => `${pascalCase(name)}ResumeCheck`)).toEqual(['SendEmailResumeCheck', 'SendTelegramResumeCheck']);
  });

  it.each(scheduleTriggers)('invokes %s on its schedule %o with EventBridge Scheduler, a dead-letter queue and a short async retry', (name, trigger) => {
    const expression = `rate(${trigger.rateMinutes} ${trigger.rateMinutes === 1 ? 'minute' : 'minutes'})`;
    const input = { ...trigger.input, scheduledTime: '<aws.scheduler.scheduled-time>' };
    s.statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: expression,
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(name), 'Arn'] }, Input: JSON.stringify(input), DeadLetterConfig: Match.anyValue() }),
    });
    s.statelessTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionId(name) }, MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 300 });
  });
});

describe('HTTP API', () => {
  it('serves exactly the topology\'s routes, each by its function, logged and throttled', () => {
    const integrations = new Map(ofType(s.statelessTemplate, 'AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, JSON.stringify(r.Properties!.IntegrationUri)]));
    const routes = ofType(s.statelessTemplate, 'AWS::ApiGatewayV2::Route').map(([, r]) => {
      const integration = JSON.stringify(r.Properties!.Target).match(/"Ref":"([^"]+)"/)![1]!;
      return `${r.Properties!.RouteKey as string} → ${FUNCTION_NAMES.find((name) => integrations.get(integration)!.includes(functionId(name)))}`;
    });
    const expected = FUNCTION_NAMES.flatMap((name) => entryOf(name).triggers.flatMap((t) => (t.kind === 'http' ? t.routes.map((r) => `${r.method} ${r.path} → ${name}`) : [])));
    expect(routes.sort()).toEqual(expected.sort());
    s.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }),
    });
  });

  it('throttles each route on its own, with the topology\'s rate and burst', () => {
    const [[stageId, stage]] = ofType(s.statelessTemplate, 'AWS::ApiGatewayV2::Stage') as [[string, Resources[string] & { DependsOn?: string[] }]];
    const settings = stage.Properties!.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const expected = FUNCTION_NAMES.flatMap((name) =>
      entryOf(name).triggers.flatMap((t) => (t.kind === 'http' ? t.routes.map((r) => [`${r.method} ${r.path}`, { ThrottlingRateLimit: r.throttle.rate, ThrottlingBurstLimit: r.throttle.burst }] as const) : [])),
    );
    expect(settings).toEqual(Object.fromEntries(expected));
    // Generous where a flood must not lock people out, tight where each request may send an email.
    expect(settings['POST /unsubscribe']).toEqual({ ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 });
    expect(settings['POST /telegram/webhook']).toEqual({ ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 });
    expect(settings['POST /subscribe']).toEqual({ ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 });
    expect(settings['GET /subscribe']).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
    // CloudFormation refuses settings for a route that does not exist yet.
    const routeIds = ofType(s.statelessTemplate, 'AWS::ApiGatewayV2::Route').map(([id]) => id);
    expect((allResources(s.statelessTemplate)[stageId] as { DependsOn?: string[] }).DependsOn).toEqual(expect.arrayContaining(routeIds));
  });
});

describe('DynamoDB capacity', () => {
  const scalingOf = (template: Template) =>
    ofType(template, 'AWS::ApplicationAutoScaling::ScalableTarget').map(([, r]) => r.Properties as { ScalableDimension: string; MinCapacity: number; MaxCapacity: number; ResourceId: unknown });

  it('is provisioned by default (the default deploy profile), auto-scaled at 70 % between 1 and caps that sum to the always-free 25 WCU / 25 RCU', () => {
    const table = ofType(s.statefulTemplate, 'AWS::DynamoDB::Table')[0]![1].Properties as { BillingMode?: string; ProvisionedThroughput?: unknown; GlobalSecondaryIndexes: { IndexName: string; ProvisionedThroughput?: unknown }[] };
    expect(table.BillingMode ?? 'PROVISIONED').toBe('PROVISIONED');
    expect(table.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 1, WriteCapacityUnits: 1 });
    expect(table.GlobalSecondaryIndexes.map((i) => [i.IndexName, i.ProvisionedThroughput])).toEqual([
      ['gsi1', { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }],
      ['gsi2', { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }],
    ]);
    const targets = scalingOf(s.statefulTemplate);
    expect(targets).toHaveLength(6);
    const caps = (dimension: string) => targets.filter((t) => t.ScalableDimension.endsWith(dimension)).map((t) => [JSON.stringify(t.ResourceId).match(/index\/(gsi\d)/)?.[1] ?? 'table', t.MinCapacity, t.MaxCapacity]).sort();
    expect(caps('WriteCapacityUnits')).toEqual([['gsi1', 1, 4], ['gsi2', 1, 4], ['table', 1, 17]]);
    expect(caps('ReadCapacityUnits')).toEqual([['gsi1', 1, 4], ['gsi2', 1, 4], ['table', 1, 17]]);
    const policies = ofType(s.statefulTemplate, 'AWS::ApplicationAutoScaling::ScalingPolicy').map(([, r]) => r.Properties as { TargetTrackingScalingPolicyConfiguration: { TargetValue: number } });
    expect(policies).toHaveLength(6);
    for (const p of policies) expect(p.TargetTrackingScalingPolicyConfiguration.TargetValue).toBe(70);
    s.app.synth();
    expect(new NewshoundNagChecks().validateScope(s.app).violations).toEqual([]);
  });

  it('switches to on-demand with -c tableCapacity=on-demand, for spiky loads: no provisioned throughput, no scaling', () => {
    const onDemand = synthNewshound({ tableCapacity: 'on-demand' });
    onDemand.statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST' });
    expect(JSON.stringify(ofType(onDemand.statefulTemplate, 'AWS::DynamoDB::Table'))).not.toContain('ProvisionedThroughput');
    expect(scalingOf(onDemand.statefulTemplate)).toHaveLength(0);
  });

  it('refuses an unknown capacity mode, naming the context key', () => {
    expect(() => synthNewshound({ tableCapacity: 'cheap' })).toThrow(/context\.tableCapacity/);
  });
});

describe('grants from the topology', () => {
  const all = () => [...statementsIn(s.statefulTemplate), ...statementsIn(s.statelessTemplate)];

  it('never grants DynamoDB, SQS, S3, SES, SSM or logs actions on "*", nor service-wide actions', () => {
    const scoped = /^(dynamodb|sqs|s3|ses|ssm|logs):/;
    // Actions IAM authorizes only on "*" (they have no resource type), each in a policy of its own.
    const wildcardOnly = ['ses:GetAccount'];
    for (const st of all().filter((st) => st.actions.some((a) => scoped.test(a)))) {
      if (st.actions.every((a) => wildcardOnly.includes(a))) continue;
      expect(st.resources, `${st.id}: ${st.actions.join(',')}`).not.toContain('*');
      for (const action of st.actions) expect(action, st.id).not.toMatch(/^[a-z0-9-]+:\*$/);
    }
  });

  const READS = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
  const WRITES = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
  const tableArn = () => ({ 'Fn::ImportValue': expect.stringContaining(statefulId(s.stateful.table)) });
  const patterns = (prefixes: readonly string[] = []) => [...new Set(prefixes)].map((p) => (p.endsWith('#') ? `${p}*` : p)).sort();

  it.each(FUNCTION_NAMES)('lets %s read and write only the item types of its entry, by their partition keys', (name) => {
    const access = entryOf(name).table!;
    const dynamo = statementsOf(name).filter((st) => st.actions.some((a) => a.startsWith('dynamodb:')));
    const onTable = dynamo.filter((st) => st.Condition !== undefined);
    const byKeys = (actions: string[]) => onTable.filter((st) => actions.every((a) => st.actions.includes(a)));
    for (const st of onTable) {
      expect(st.resources).toEqual([tableArn()]);
      const condition = st.Condition as Record<string, Record<string, string | string[]>>;
      expect(condition.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
      expect(Object.keys(condition).sort()).toEqual(['ForAllValues:StringLike', 'Null']);
    }
    const leading = (st: (typeof onTable)[number] | undefined) => [(st?.Condition as Record<string, Record<string, string[]>>)['ForAllValues:StringLike']!['dynamodb:LeadingKeys']!].flat().sort();
    expect(byKeys(READS)).toHaveLength(1);
    expect(leading(byKeys(READS)[0])).toEqual(patterns([...(access.read ?? []), ...(access.readWrite ?? [])]));
    const writing = byKeys(WRITES);
    if (!access.readWrite) expect(writing).toEqual([]);
    else expect(writing.map(leading)).toEqual([patterns(access.readWrite)]);
    expect(onTable.flatMap((st) => st.actions).sort()).toEqual([...READS, ...(access.readWrite ? WRITES : [])].sort());
  });

  it.each(FUNCTION_NAMES)('lets %s query only the indexes its entry names, and scan nothing', (name) => {
    const dynamo = statementsOf(name).filter((st) => st.actions.some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap((st) => st.actions)).not.toContain('dynamodb:Scan');
    const onIndexes = dynamo.filter((st) => st.Condition === undefined);
    const indexes = entryOf(name).table!.indexes ?? [];
    if (indexes.length === 0) return expect(onIndexes).toEqual([]);
    expect(onIndexes).toHaveLength(1);
    expect(onIndexes[0]!.actions).toEqual(['dynamodb:Query']);
    expect(onIndexes[0]!.resources).toEqual(indexes.map((index) => ({ 'Fn::Join': ['', [tableArn(), `/index/${index}`]] })));
  });

  it.each(FUNCTION_NAMES)('lets %s read exactly the secret parameters of its entry, and create only a generated one', (name) => {
    const ssm = statementsOf(name).filter((st) => st.actions.some((a) => a.startsWith('ssm:')));
    const granted = (action: string) => SECRET_NAMES.filter((secret) => ssm.some((st) => st.actions.includes(action) && JSON.stringify(st.resources).includes(`:parameter${secretParameterName('prod', secret)}"`)));
    const own = entryOf(name).secrets ?? [];
    expect(granted('ssm:GetParameter').sort()).toEqual([...own].sort());
    expect(granted('ssm:PutParameter').sort()).toEqual(own.filter((secret) => SECRETS[secret].generated).sort());
    expect([...new Set(ssm.flatMap((st) => st.actions))].filter((a) => a !== 'ssm:GetParameter' && a !== 'ssm:PutParameter')).toEqual([]);
    // One statement per parameter, each naming it exactly: no wildcard, no other parameter.
    expect(ssm).toHaveLength(own.length);
    for (const st of ssm) expect(JSON.stringify(st.resources)).not.toContain('*');
    expect(actionsOf(name, 'secretsmanager')).toEqual([]);
    expect(actionsOf(name, 'kms')).toEqual([]);
  });

  it.each(FUNCTION_NAMES)('lets %s send to exactly the queues it may send to, and park in its own DLQ', (name) => {
    const sending = statementsOf(name).filter((st) => st.actions.includes('sqs:SendMessage'));
    const targets = QUEUE_NAMES.flatMap((queue) => [
      ...(sending.some((st) => refersTo(st.resources, s.stateful.queues[queue].queue)) ? [queue] : []),
      ...(sending.some((st) => refersTo(st.resources, s.stateful.queues[queue].deadLetterQueue)) ? [`${queue} DLQ`] : []),
    ]);
    const own = queueTriggerOf(name)?.queue;
    expect(targets.sort()).toEqual([...sendsOf(name), ...(own ? [`${own} DLQ`] : [])].sort());
  });

  it.each(FUNCTION_NAMES)('lets %s send email only if its entry sends email: as the sender, on its address or domain identity and the configuration set', (name) => {
    const ses = statementsOf(name).filter((st) => st.actions.some((a) => a.startsWith('ses:SendEmail') || a.startsWith('ses:SendRawEmail')));
    if (!entryOf(name).sendsEmail) return expect(ses).toEqual([]);
    expect(ses).toHaveLength(1);
    expect(ses[0]!.actions.sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    const identities = ses[0]!.resources.map((r) => JSON.stringify(r).match(/:identity\/([^"]+)"/)?.[1]).filter(Boolean);
    expect(identities).toEqual([`alerts@news.${FIXTURE_DOMAIN}`, `news.${FIXTURE_DOMAIN}`]);
    expect(JSON.stringify(ses[0]!.resources)).toContain(':configuration-set/');
    expect(ses[0]!.resources).toHaveLength(3);
    expect(ses[0]!.Condition).toEqual({ StringEqualsIgnoreCase: { 'ses:FromAddress': `alerts@news.${FIXTURE_DOMAIN}` } });
  });

  it.each(FUNCTION_NAMES)('lets %s read the SES account\'s state (the sandbox) only if its entry says so, in a policy of its own', (name) => {
    const policies = ofType(s.statelessTemplate, 'AWS::IAM::Policy').filter(([id]) => id.startsWith(`${pascalCase(name)}SendingAccountRead`));
    const reads = statementsOf(name).filter((st) => st.actions.includes('ses:GetAccount'));
    if (!entryOf(name).readsSendingAccount) {
      expect(policies).toEqual([]);
      return expect(reads).toEqual([]);
    }
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties).toMatchObject({ Roles: [{ Ref: roleId(name) }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ses:GetAccount', Resource: '*' }] } });
  });

  it.each(FUNCTION_NAMES)('lets %s describe, list and update the partner access store, and nothing else of it, only if its entry has it', (name) => {
    const actions = actionsOf(name, 'cloudfront-keyvaluestore');
    if (!entryOf(name).partnerAccessStore) return expect(actions).toEqual([]);
    expect(actions).toEqual(['cloudfront-keyvaluestore:DescribeKeyValueStore', 'cloudfront-keyvaluestore:ListKeys', 'cloudfront-keyvaluestore:UpdateKeys']);
    const statements = statementsOf(name).filter((st) => st.actions.some((a) => a.startsWith('cloudfront-keyvaluestore:')));
    for (const st of statements) expect(st.resources).toEqual([{ 'Fn::ImportValue': expect.stringContaining(statefulId(s.stateful.partnerAccessStore)) }]);
  });

  it.each(FUNCTION_NAMES)('lets %s write, read and delete feed objects only if its entry has the feeds bucket', (name) => {
    const actions = actionsOf(name, 's3').filter((a) => !statementsOf(name).some((st) => st.actions.includes(a) && refersTo(st.resources, s.stateful.inboxBucket)));
    if (!entryOf(name).feedsBucket) return expect(actions).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:GetObject*', 's3:DeleteObject*', 's3:List*']));
    for (const st of statementsOf(name).filter((st) => st.actions.some((a) => a.startsWith('s3:')))) expect(refersTo(st.resources, s.stateful.feedsBucket)).toBe(true);
  });

  it.each(FUNCTION_NAMES)('lets %s put or get pushed bodies under inbox/ only as its entry says, nothing else on the inbox', (name) => {
    const inbox = statementsOf(name).filter((st) => refersTo(st.resources, s.stateful.inboxBucket));
    const want = entryOf(name).inboxBucket;
    if (!want) return expect(inbox).toEqual([]);
    expect(inbox.flatMap((st) => st.actions)).toEqual([want === 'write' ? 's3:PutObject' : 's3:GetObject']);
    expect(JSON.stringify(inbox[0]!.resources)).toContain('/inbox/*');
    expect(envOf(name)).toHaveProperty('INBOX_BUCKET');
  });

  it('gives the secrets to functions by parameter name, never by value', () => {
    for (const name of FUNCTION_NAMES) {
      for (const [key, value] of Object.entries(envOf(name))) {
        expect(JSON.stringify(value), `${name} ${key}`).not.toMatch(/resolve:(secretsmanager|ssm)/);
        if (/SECRET|TOKEN|SIGNING|KEYS/.test(key)) {
          expect(key, name).toMatch(/_PARAMETER$/);
          expect(value, `${name} ${key} must name a parameter of the stage, not hold a value`).toMatch(/^\/newshound\/prod\/[a-z-]+$/);
        }
      }
    }
  });

  it.each(FUNCTION_NAMES)('lets %s switch its own event source only if it is a haltable sender', (name) => {
    const switchPolicies = ofType(s.statelessTemplate, 'AWS::IAM::Policy').filter(([id]) => id.startsWith(`${pascalCase(name)}EventSourceSwitch`));
    const lambdaActions = actionsOf(name, 'lambda');
    if (!entryOf(name).haltable) {
      expect(switchPolicies).toEqual([]);
      return expect(lambdaActions).toEqual([]);
    }
    expect(switchPolicies).toHaveLength(1);
    expect(switchPolicies[0]![1].Properties).toMatchObject({
      Roles: [{ Ref: roleId(name) }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'lambda:ListEventSourceMappings', Resource: '*' },
          {
            Effect: 'Allow',
            Action: 'lambda:UpdateEventSourceMapping',
            Resource: { 'Fn::Join': ['', expect.arrayContaining([':event-source-mapping:*'])] },
            Condition: { ArnEquals: { 'lambda:FunctionArn': { 'Fn::GetAtt': [functionId(name), 'Arn'] } } },
          },
        ],
      },
    });
    expect(lambdaActions).toEqual(['lambda:ListEventSourceMappings', 'lambda:UpdateEventSourceMapping']);
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

  it('stays clean in a concrete account and region (as `cdk synth` resolves them)', () => {
    const concrete = synthNewshound({ account: '123456789012', region: 'eu-central-1' });
    concrete.app.synth();
    expect(new NewshoundNagChecks().validateScope(concrete.app).violations.map((v) => v.ruleName)).toEqual([]);
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
    const staging = synthNewshound({ stage: 'staging', publicBaseUrl: `https://alerts.${FIXTURE_DOMAIN}`, emailFrom: `news@mail.${FIXTURE_DOMAIN}`, senderIdentity: FIXTURE_DOMAIN });
    expect([staging.stateful.stackName, staging.stateless.stackName]).toEqual(['Newshound-staging-Stateful', 'Newshound-staging-Stateless']);
    const fn = staging.statelessTemplate.findResources('AWS::Lambda::Function');
    for (const r of Object.values(fn)) {
      expect(r.Properties.Environment.Variables).toMatchObject({ STAGE: 'staging', PUBLIC_BASE_URL: `https://alerts.${FIXTURE_DOMAIN}`, EMAIL_FROM: `news@mail.${FIXTURE_DOMAIN}` });
    }
    const policies = JSON.stringify(resources(staging.statelessTemplate, 'AWS::IAM::Policy'));
    expect(policies.match(/:identity\/[^"]+"/g)?.sort()).toEqual([`:identity/${FIXTURE_DOMAIN}"`, `:identity/${FIXTURE_DOMAIN}"`]);
  });

  it('scopes SES to exactly the address when the admin verified only the address', () => {
    const byAddress = synthNewshound({ senderIdentity: `alerts@news.${FIXTURE_DOMAIN}` });
    const policies = JSON.stringify(resources(byAddress.statelessTemplate, 'AWS::IAM::Policy'));
    expect([...new Set(policies.match(/:identity\/[^"]+"/g))]).toEqual([`:identity/alerts@news.${FIXTURE_DOMAIN}"`]);
  });
});

/** Resource ids each resource refers to (Ref, Fn::GetAtt, DependsOn): what CloudFormation orders the deploy by. */
function dependencies(template: Template): Map<string, Set<string>> {
  const all = allResources(template);
  const graph = new Map<string, Set<string>>();
  const walk = (value: unknown, into: Set<string>): void => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, into));
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Ref' && typeof v === 'string' && v in all) into.add(v);
      else if (key === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') into.add(v[0]);
      else walk(v, into);
    }
  };
  for (const [id, r] of Object.entries(all)) {
    const into = new Set<string>();
    walk(r.Properties ?? {}, into);
    for (const d of [(r as { DependsOn?: string | string[] }).DependsOn ?? []].flat()) into.add(d);
    graph.set(id, into);
  }
  return graph;
}

/** One cycle of the graph as a list of ids, or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the public URL, in one deploy', () => {
  const apiId = () => s.stateless.getLogicalId(s.stateless.api.node.defaultChild as CfnResource);

  it("gives every function the HTTP API's own endpoint when no URL or domain is given", () => {
    for (const name of FUNCTION_NAMES) expect(envOf(name)[FunctionEnv.publicBaseUrl], name).toEqual({ 'Fn::GetAtt': [apiId(), 'ApiEndpoint'] });
    s.statelessTemplate.hasOutput('PublicUrl', { Value: { 'Fn::GetAtt': [apiId(), 'ApiEndpoint'] } });
  });

  it('has no dependency cycle between the functions and the API (CloudFormation would refuse the stack)', () => {
    const graph = dependencies(s.statelessTemplate);
    // The functions need the API (their URL); the API's routes need the functions.
    expect(graph.get(functionId('subscriptions'))).toContain(apiId());
    expect(findCycle(graph)).toBeUndefined();
    // The check finds a cycle when there is one.
    graph.get(apiId())!.add(functionId('subscriptions'));
    expect(findCycle(graph)).toEqual(expect.arrayContaining([apiId(), functionId('subscriptions')]));
  });

  it('puts the API behind a custom domain with its certificate, creates the alias record in the hosted zone, and links to the domain', () => {
    const certificateArn = 'arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d';
    const custom = synthNewshound({ domainName: `news.${FIXTURE_DOMAIN}`, certificateArn, hostedZoneId: 'Z0123456789ABC' });
    const t = custom.statelessTemplate;
    t.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: `news.${FIXTURE_DOMAIN}`,
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' })],
    });
    const domainId = Object.keys(t.findResources('AWS::ApiGatewayV2::DomainName'))[0]!;
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { DomainName: { Ref: domainId }, Stage: '$default' });
    t.hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: 'Z0123456789ABC',
      Name: `news.${FIXTURE_DOMAIN}`,
      Type: 'A',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] } },
    });
    for (const r of Object.values(t.findResources('AWS::Lambda::Function'))) expect(r.Properties.Environment.Variables.PUBLIC_BASE_URL).toBe(`https://news.${FIXTURE_DOMAIN}`);
    expect(findCycle(dependencies(t))).toBeUndefined();
    custom.app.synth();
    expect(new NewshoundNagChecks().validateScope(custom.app).violations).toEqual([]);
  });

  it('names the DNS target to point the domain at when Route 53 does not hold the zone', () => {
    const custom = synthNewshound({ domainName: `news.${FIXTURE_DOMAIN}`, certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d' });
    custom.statelessTemplate.resourceCountIs('AWS::Route53::RecordSet', 0);
    const domainId = Object.keys(custom.statelessTemplate.findResources('AWS::ApiGatewayV2::DomainName'))[0]!;
    custom.statelessTemplate.hasOutput('ApiDomainTarget', { Value: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] } });
  });
});

describe('outputs an admin needs', () => {
  it('names the alarm topic and every dead-letter queue, the async-failure one included, each with a description', () => {
    const stateless = s.statelessTemplate.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;
    const stateful = s.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;
    expect(stateless.AlarmTopicArn).toMatchObject({ Value: { Ref: s.stateless.getLogicalId(s.stateless.alarmTopic.node.defaultChild as CfnResource) }, Description: expect.stringContaining('alarm') });
    const dlqs = { ...Object.fromEntries(QUEUE_NAMES.map((q) => [`${pascalCase(q)}DlqUrl`, s.stateful.queues[q].deadLetterQueue])), AsyncFailuresDlqUrl: s.stateful.asyncFailures };
    for (const [output, queue] of Object.entries(dlqs)) {
      expect(stateful[output], output).toMatchObject({ Value: { Ref: statefulId(queue) }, Description: expect.stringMatching(/^.{20,}$/) });
    }
    expect(stateless.SenderIdentities).toMatchObject({ Value: `alerts@news.${FIXTURE_DOMAIN},news.${FIXTURE_DOMAIN}` });
  });
});
