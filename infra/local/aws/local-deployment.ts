/**
 * Reads the two synthesized stacks the way CloudFormation would deploy them, but onto local implementations of the
 * AWS APIs: every queue, the table, and the feeds bucket are created locally (secrets are SSM parameters the functions and the CLI create), and every function,
 * event source mapping, schedule, HTTP route and SNS subscription is recorded with its resolved properties
 * (environment, role policies, batch settings). Physical names are deterministic, so a restart finds what the
 * previous run created.
 */
import { createHash } from 'node:crypto';
import { type CfnResource, type CfnTemplate, type IntrinsicContext, resolveString, resolveValue, UnresolvableError } from './cloudformation.js';
import type { PolicyDocument } from './iam-policy.js';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface LocalQueue {
  logicalId: string;
  name: string;
  arn: string;
  /** The queue's URL as functions see it (through the local AWS gateway). */
  url: string;
  visibilityTimeoutSeconds: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
  attributes: Record<string, string>;
}

export interface LocalFunction {
  logicalId: string;
  /** The topology name (POWERTOOLS_SERVICE_NAME), e.g. poll-feed. */
  name: string;
  physicalName: string;
  arn: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  handler: string;
  roleLogicalId: string;
  policies: PolicyDocument[];
  /** Where failed asynchronous invocations go (the function's DeadLetterConfig). */
  deadLetterArn?: string;
  asyncRetries: number;
  maxEventAgeSeconds: number;
}

export interface LocalEventSource {
  uuid: string;
  functionArn: string;
  queueArn: string;
  batchSize: number;
  batchingWindowSeconds: number;
  maxConcurrency?: number;
  reportBatchItemFailures: boolean;
  enabled: boolean;
}

export interface LocalSchedule {
  logicalId: string;
  /** The schedule's name (its physical id), in the default group. */
  name: string;
  description?: string;
  expression: string;
  functionArn: string;
  input: string;
  enabled: boolean;
  deadLetterArn?: string;
  /** The role Scheduler assumes to invoke the target. */
  roleArn?: string;
  flexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  retryPolicy?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
}

export interface LocalRoute {
  method: string;
  path: string;
  functionArn: string;
  /** The stage's throttle for the route (its RouteSettings, else the stage default), as API Gateway applies it. */
  throttle?: { rate: number; burst: number };
}

/** A custom resource served by one of the functions (a topology deploy trigger): CloudFormation invokes it on deploy. */
export interface LocalCustomResource {
  stackName: string;
  logicalId: string;
  resourceType: string;
  functionArn: string;
  /** Its properties as CloudFormation hands them over (ServiceToken included). */
  properties: Record<string, unknown>;
}

/** A CloudWatch alarm of the template, resolved: the local status page says which would fire. */
export interface LocalAlarm {
  name: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  threshold: number;
  comparison: string;
}

/** What CloudFormation says about a deployed stack: its outputs and its resources' physical ids. */
export interface LocalStack {
  name: string;
  description?: string;
  outputs: { key: string; value: string; description?: string; exportName?: string }[];
  resources: { logicalId: string; type: string; physicalId: string }[];
}

/** An SNS subscription of the template (Lambda functions, email addresses). */
export interface LocalSnsSubscription {
  topicArn: string;
  protocol: string;
  endpoint: string;
}

export interface LocalDeployment {
  stacks: LocalStack[];
  /** The SNS topics (the alarm topic, the SES events topic). */
  topics: { logicalId: string; name: string; arn: string }[];
  /** Every AWS::SNS::Subscription of the templates. */
  snsSubscriptions: LocalSnsSubscription[];
  queues: LocalQueue[];
  functions: LocalFunction[];
  eventSources: LocalEventSource[];
  schedules: LocalSchedule[];
  routes: LocalRoute[];
  customResources: LocalCustomResource[];
  /** SNS topic ARN → the functions it invokes. */
  topicSubscriptions: Map<string, string[]>;
  /** SES configuration set name → the SNS topic ARN its bounce and complaint events go to. */
  sesEventDestinations: Map<string, { topicArn: string; events: string[] }>;
  tables: { logicalId: string; name: string; properties: Record<string, unknown> }[];
  buckets: { logicalId: string; name: string }[];
  alarms: LocalAlarm[];
  /** CloudFront KeyValueStores (the partner token table). */
  keyValueStores: { logicalId: string; arn: string }[];
  /** CloudFront Functions with their code, as the template carries it, and their KeyValueStores. */
  cdnFunctions: LocalCdnFunction[];
  /** The distributions' cache behaviors that run a function on viewer requests (path pattern → function ARN). */
  cdnBehaviors: { pathPattern: string; viewerRequestFunctionArn: string }[];
  /** Resolved outputs of both stacks, by output name. */
  outputs: Record<string, string>;
}

export interface LocalCdnFunction {
  logicalId: string;
  arn: string;
  runtime: string;
  code: string;
  keyValueStoreArns: string[];
}

export interface StackTemplate {
  stackName: string;
  template: CfnTemplate;
}

export interface ProvisionOptions {
  /** Base URL of the local AWS gateway: queue URLs point there (the SQS SDK sends to the queue URL's host). */
  gatewayUrl: string;
  /** Where the CloudFront distribution and the HTTP API are served locally (the app server). */
  appUrl: string;
}

/** Host names the local runtime gives CloudFront distributions; `https://<host>` is rewritten to the app server. */
export const LOCAL_CDN_HOST = 'cdn.newshound.local';

export function provisionStacks(stacks: StackTemplate[], options: ProvisionOptions): LocalDeployment {
  const deployment: LocalDeployment = {
    stacks: [],
    topics: [],
    snsSubscriptions: [],
    queues: [],
    functions: [],
    eventSources: [],
    schedules: [],
    routes: [],
    customResources: [],
    topicSubscriptions: new Map(),
    sesEventDestinations: new Map(),
    tables: [],
    buckets: [],
    alarms: [],
    keyValueStores: [],
    cdnFunctions: [],
    cdnBehaviors: [],
    outputs: {},
  };
  const exports = new Map<string, string>();
  for (const stack of stacks) new StackProvisioner(stack, options, exports, deployment).run();
  return deployment;
}

class StackProvisioner {
  private readonly stageThrottles: { routes: Record<string, unknown>; fallback?: unknown }[] = [];
  private readonly ctx: IntrinsicContext;

  constructor(
    private readonly stack: StackTemplate,
    private readonly options: ProvisionOptions,
    private readonly exports: Map<string, string>,
    private readonly out: LocalDeployment,
  ) {
    this.ctx = {
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      stackName: stack.stackName,
      ref: (id) => this.ref(id),
      getAtt: (id, attribute) => this.getAtt(id, attribute),
      importValue: (name) => {
        const value = this.exports.get(name);
        if (value === undefined) throw new UnresolvableError(`no stack exports ${name}`);
        return value;
      },
    };
  }

  run(): void {
    const resources = Object.entries(this.stack.template.Resources);
    for (const [id, r] of resources) this.provision(id, r);
    const described: LocalStack = { name: this.stack.stackName, ...(this.stack.template.Description ? { description: this.stack.template.Description } : {}), outputs: [], resources: [] };
    for (const [name, output] of Object.entries(this.stack.template.Outputs ?? {})) {
      const value = this.rewriteLocalUrls(resolveString(output.Value, this.ctx));
      this.out.outputs[name] = value;
      const exportName = output.Export ? resolveString(output.Export.Name, this.ctx) : undefined;
      if (exportName) this.exports.set(exportName, value);
      described.outputs.push({ key: name, value, ...(output.Description ? { description: output.Description } : {}), ...(exportName ? { exportName } : {}) });
    }
    described.resources = resources.map(([id, r]) => ({ logicalId: id, type: r.Type, physicalId: this.ref(id) }));
    this.out.stacks.push(described);
    this.attachPolicies(resources);
    this.attachThrottles();
  }

  /** Route settings name routes by key (`POST /unsubscribe`); a route without its own takes the stage default. */
  private attachThrottles(): void {
    const throttle = (settings: unknown) => {
      const s = settings as { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number } | undefined;
      return s?.ThrottlingRateLimit === undefined || s.ThrottlingBurstLimit === undefined ? undefined : { rate: Number(s.ThrottlingRateLimit), burst: Number(s.ThrottlingBurstLimit) };
    };
    for (const stage of this.stageThrottles) {
      for (const route of this.out.routes) {
        const found = throttle(stage.routes[`${route.method} ${route.path}`]) ?? throttle(stage.fallback);
        if (found) route.throttle = found;
      }
    }
  }

  private resource(id: string): CfnResource {
    const r = this.stack.template.Resources[id];
    if (!r) throw new UnresolvableError(`${this.stack.stackName} has no resource ${id}`);
    return r;
  }

  private physicalName(id: string, max = 80): string {
    const name = `${this.stack.stackName}-${id}`;
    return name.length <= max ? name : `${name.slice(0, max - 9)}-${hash(name).slice(0, 8)}`;
  }

  private ref(id: string): string {
    const r = this.resource(id);
    switch (r.Type) {
      case 'AWS::SQS::Queue':
        return `${this.options.gatewayUrl}/${LOCAL_ACCOUNT}/${this.physicalName(id)}`;
      case 'AWS::S3::Bucket':
        return this.physicalName(id, 63).toLowerCase();
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${this.physicalName(id, 256)}`;
      case 'AWS::Lambda::Function':
        return this.physicalName(id, 64);
      case 'AWS::Lambda::EventSourceMapping':
        return uuidFrom(`${this.stack.stackName}/${id}`);
      case 'AWS::Scheduler::Schedule':
        return this.physicalName(id, 64);
      case 'AWS::ApiGatewayV2::Api':
        return 'local';
      default:
        return this.physicalName(id);
    }
  }

  private getAtt(id: string, attribute: string): string {
    const r = this.resource(id);
    const name = this.ref(id);
    const key = `${r.Type}.${attribute}`;
    switch (key) {
      case 'AWS::SQS::Queue.Arn':
        return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${this.physicalName(id)}`;
      case 'AWS::SQS::Queue.QueueName':
        return this.physicalName(id);
      case 'AWS::SQS::Queue.QueueUrl':
        return name;
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${name}`;
      case 'AWS::S3::Bucket.DomainName':
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${name}.s3.${LOCAL_REGION}.amazonaws.com`;
      case 'AWS::Lambda::Function.Arn':
        return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
      case 'AWS::IAM::Role.Arn':
        return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${name}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:aws:logs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:log-group:${name}:*`;
      case 'AWS::SNS::Topic.TopicArn':
        return name;
      case 'AWS::CloudFront::Distribution.DomainName':
        return LOCAL_CDN_HOST;
      case 'AWS::CloudFront::KeyValueStore.Arn':
        return `arn:aws:cloudfront::${LOCAL_ACCOUNT}:key-value-store/${uuidFrom(`${this.stack.stackName}/${id}`)}`;
      case 'AWS::CloudFront::KeyValueStore.Id':
        return uuidFrom(`${this.stack.stackName}/${id}`);
      case 'AWS::CloudFront::Function.FunctionARN':
        return `arn:aws:cloudfront::${LOCAL_ACCOUNT}:function/${this.physicalName(id, 64)}`;
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint':
        return this.options.appUrl;
      default:
        // Attributes nothing local reads (alarm ARNs, OAC ids, ...): a placeholder that can never match a real call.
        return `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}/${attribute}`;
    }
  }

  /** CloudFront's https://<domain> is the local app server's plain-HTTP address. */
  private rewriteLocalUrls(value: string): string {
    return value.replaceAll(`https://${LOCAL_CDN_HOST}`, this.options.appUrl);
  }

  private resolved<T>(value: unknown): T {
    return resolveValue(value, this.ctx) as T;
  }

  private provision(id: string, r: CfnResource): void {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::SQS::Queue': {
        const redrive = p.RedrivePolicy ? this.resolved<{ deadLetterTargetArn: string; maxReceiveCount: number | string }>(p.RedrivePolicy) : undefined;
        const attributes: Record<string, string> = {};
        for (const key of ['VisibilityTimeout', 'MessageRetentionPeriod', 'DelaySeconds', 'ReceiveMessageWaitTimeSeconds', 'MaximumMessageSize'] as const) {
          if (p[key] !== undefined) attributes[key] = String(p[key]);
        }
        if (redrive) attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: redrive.deadLetterTargetArn, maxReceiveCount: Number(redrive.maxReceiveCount) });
        this.out.queues.push({
          logicalId: id,
          name: this.physicalName(id),
          arn: this.getAtt(id, 'Arn'),
          url: this.ref(id),
          visibilityTimeoutSeconds: Number(p.VisibilityTimeout ?? 30),
          ...(redrive ? { redrive: { deadLetterTargetArn: redrive.deadLetterTargetArn, maxReceiveCount: Number(redrive.maxReceiveCount) } } : {}),
          attributes,
        });
        return;
      }
      case 'AWS::DynamoDB::Table':
        this.out.tables.push({ logicalId: id, name: this.ref(id), properties: this.resolved(p) });
        return;
      case 'AWS::S3::Bucket':
        this.out.buckets.push({ logicalId: id, name: this.ref(id) });
        return;
      case 'AWS::Lambda::Function': {
        const env = this.resolved<Record<string, string>>((p.Environment as { Variables?: unknown } | undefined)?.Variables ?? {});
        const role = (p.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
        if (!role) throw new UnresolvableError(`${id}: its Role is not a role of this stack`);
        const deadLetter = (p.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn;
        this.out.functions.push({
          logicalId: id,
          name: env.POWERTOOLS_SERVICE_NAME ?? id,
          physicalName: this.ref(id),
          arn: this.getAtt(id, 'Arn'),
          environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, this.rewriteLocalUrls(String(v))])),
          timeoutSeconds: Number(p.Timeout ?? 3),
          memoryMb: Number(p.MemorySize ?? 128),
          handler: String(p.Handler ?? 'index.handler'),
          roleLogicalId: role,
          policies: [],
          ...(deadLetter ? { deadLetterArn: resolveString(deadLetter, this.ctx) } : {}),
          asyncRetries: 2,
          maxEventAgeSeconds: 6 * 3600,
        });
        return;
      }
      case 'AWS::Lambda::EventInvokeConfig': {
        const fn = this.functionByRef(p.FunctionName);
        if (p.MaximumRetryAttempts !== undefined) fn.asyncRetries = Number(p.MaximumRetryAttempts);
        if (p.MaximumEventAgeInSeconds !== undefined) fn.maxEventAgeSeconds = Number(p.MaximumEventAgeInSeconds);
        return;
      }
      case 'AWS::Lambda::EventSourceMapping':
        this.out.eventSources.push({
          uuid: this.ref(id),
          functionArn: this.functionByRef(p.FunctionName).arn,
          queueArn: resolveString(p.EventSourceArn, this.ctx),
          batchSize: Number(p.BatchSize ?? 10),
          batchingWindowSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
          ...((p.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency ? { maxConcurrency: Number((p.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency) } : {}),
          reportBatchItemFailures: ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes('ReportBatchItemFailures'),
          enabled: p.Enabled !== false,
        });
        return;
      case 'AWS::Scheduler::Schedule': {
        const target = p.Target as { Arn: unknown; RoleArn?: unknown; Input?: string; DeadLetterConfig?: { Arn?: unknown }; RetryPolicy?: LocalSchedule['retryPolicy'] };
        this.out.schedules.push({
          logicalId: id,
          name: this.ref(id),
          ...(typeof p.Description === 'string' ? { description: p.Description } : {}),
          expression: String(p.ScheduleExpression),
          functionArn: resolveString(target.Arn, this.ctx),
          input: target.Input ?? '{}',
          enabled: p.State !== 'DISABLED',
          ...(target.DeadLetterConfig?.Arn ? { deadLetterArn: resolveString(target.DeadLetterConfig.Arn, this.ctx) } : {}),
          ...(target.RoleArn ? { roleArn: resolveString(target.RoleArn, this.ctx) } : {}),
          flexibleTimeWindow: (p.FlexibleTimeWindow as LocalSchedule['flexibleTimeWindow'] | undefined) ?? { Mode: 'OFF' },
          ...(target.RetryPolicy ? { retryPolicy: this.resolved<LocalSchedule['retryPolicy']>(target.RetryPolicy) } : {}),
        });
        return;
      }
      case 'AWS::ApiGatewayV2::Route': {
        const [method, path] = String(p.RouteKey).split(' ') as [string, string];
        const integrationId = firstRef(p.Target);
        if (!integrationId) throw new UnresolvableError(`${id}: its Target names no integration`);
        const integration = this.resource(integrationId);
        this.out.routes.push({ method, path, functionArn: resolveString(integration.Properties?.IntegrationUri, this.ctx) });
        return;
      }
      case 'AWS::ApiGatewayV2::Stage':
        this.stageThrottles.push({ routes: this.resolved<Record<string, unknown>>(p.RouteSettings ?? {}), fallback: this.resolved(p.DefaultRouteSettings ?? {}) });
        return;
      case 'AWS::CloudFront::KeyValueStore':
        this.out.keyValueStores.push({ logicalId: id, arn: this.getAtt(id, 'Arn') });
        return;
      case 'AWS::CloudFront::Function': {
        const config = this.resolved<{ Runtime?: string; KeyValueStoreAssociations?: { KeyValueStoreARN: string }[] }>(p.FunctionConfig ?? {});
        this.out.cdnFunctions.push({
          logicalId: id,
          arn: this.getAtt(id, 'FunctionARN'),
          runtime: String(config.Runtime),
          code: resolveString(p.FunctionCode, this.ctx),
          keyValueStoreArns: (config.KeyValueStoreAssociations ?? []).map((a) => a.KeyValueStoreARN),
        });
        return;
      }
      case 'AWS::CloudFront::Distribution': {
        const config = this.resolved<{ CacheBehaviors?: { PathPattern: string; FunctionAssociations?: { EventType: string; FunctionARN: string }[] }[] }>(p.DistributionConfig ?? {});
        for (const behavior of config.CacheBehaviors ?? []) {
          const fn = behavior.FunctionAssociations?.find((a) => a.EventType === 'viewer-request');
          if (fn) this.out.cdnBehaviors.push({ pathPattern: behavior.PathPattern, viewerRequestFunctionArn: fn.FunctionARN });
        }
        return;
      }
      case 'AWS::SNS::Topic':
        this.out.topics.push({ logicalId: id, name: this.physicalName(id, 256), arn: this.ref(id) });
        return;
      case 'AWS::SNS::Subscription': {
        const topic = resolveString(p.TopicArn, this.ctx);
        const endpoint = resolveString(p.Endpoint, this.ctx);
        if (p.Protocol === 'lambda') this.out.topicSubscriptions.set(topic, [...(this.out.topicSubscriptions.get(topic) ?? []), endpoint]);
        this.out.snsSubscriptions.push({ topicArn: topic, protocol: String(p.Protocol), endpoint });
        return;
      }
      case 'AWS::SES::ConfigurationSetEventDestination': {
        const destination = p.EventDestination as { SnsDestination?: { TopicARN: unknown }; MatchingEventTypes?: string[]; Enabled?: boolean };
        if (destination.SnsDestination && destination.Enabled !== false) {
          this.out.sesEventDestinations.set(resolveString(p.ConfigurationSetName, this.ctx), {
            topicArn: resolveString(destination.SnsDestination.TopicARN, this.ctx),
            events: destination.MatchingEventTypes ?? [],
          });
        }
        return;
      }
      case 'AWS::CloudWatch::Alarm': {
        // Alarms over a metric math expression have no MetricName; the stack has none.
        if (p.MetricName === undefined) return;
        const dimensions = (p.Dimensions as { Name: string; Value: unknown }[] | undefined) ?? [];
        this.out.alarms.push({
          name: resolveString(p.AlarmName ?? id, this.ctx),
          description: p.AlarmDescription === undefined ? '' : resolveString(p.AlarmDescription, this.ctx),
          namespace: String(p.Namespace),
          metricName: String(p.MetricName),
          dimensions: Object.fromEntries(dimensions.map((d) => [d.Name, resolveString(d.Value, this.ctx)])),
          threshold: Number(p.Threshold),
          comparison: String(p.ComparisonOperator),
        });
        return;
      }
      default:
        if (r.Type === 'AWS::CloudFormation::CustomResource' || r.Type.startsWith('Custom::')) {
          this.out.customResources.push({ stackName: this.stack.stackName, logicalId: id, resourceType: r.Type, functionArn: resolveString(p.ServiceToken, this.ctx), properties: this.resolved(p) });
        }
        return;
    }
  }

  private functionByRef(value: unknown): LocalFunction {
    const name = resolveString(value, this.ctx);
    const fn = this.out.functions.find((f) => f.physicalName === name || f.arn === name);
    if (!fn) throw new UnresolvableError(`no function ${name} (functions must come before what refers to them)`);
    return fn;
  }

  /** Role policies (AWS::IAM::Policy with Roles) go to the functions that assume those roles. */
  private attachPolicies(resources: [string, CfnResource][]): void {
    for (const [, r] of resources) {
      if (r.Type !== 'AWS::IAM::Policy') continue;
      const document = this.resolved<PolicyDocument>(r.Properties?.PolicyDocument);
      const roles = ((r.Properties?.Roles as unknown[]) ?? []).map((role) => (role as { Ref?: string }).Ref);
      for (const fn of this.out.functions) if (roles.includes(fn.roleLogicalId)) fn.policies.push(document);
    }
  }
}

/** The first logical id a value refers to with Ref. */
function firstRef(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(firstRef).find(Boolean);
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return record.Ref;
  return Object.values(record).map(firstRef).find(Boolean);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function uuidFrom(text: string): string {
  const h = hash(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The partition key attribute of one of the deployment's tables (by ARN), or of one of its indexes. */
export function partitionKeyOf(deployment: Pick<LocalDeployment, 'tables'>, tableArn: string, index?: string): string | undefined {
  type KeySchema = { AttributeName: string; KeyType: string }[];
  const name = /:table\/([^/]+)$/.exec(tableArn)?.[1];
  const table = deployment.tables.find((t) => t.name === name)?.properties as { KeySchema?: KeySchema; GlobalSecondaryIndexes?: { IndexName: string; KeySchema: KeySchema }[] } | undefined;
  const schema = index === undefined ? table?.KeySchema : table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === index)?.KeySchema;
  return schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
}
