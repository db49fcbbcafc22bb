import { ArnFormat, CfnOutput, CustomResource, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { dlqUrlEnv, FunctionEnv, queueUrlEnv, secretParameterEnv } from '../../shared/topology/environment.js';
import { type DeployTrigger, entryOf, FUNCTION_NAMES, type FunctionName, type HttpTrigger, pascalCase, queueTriggerOf, secretParameterName, SECRETS, sendsOf, type Trigger } from '../../shared/topology/functions.js';
import { AppFunction } from '../constructs/app-function.js';
import { type FunctionAlarms, Monitoring } from '../constructs/monitoring.js';
import { acknowledge } from './acknowledge.js';
import type { CustomDomain, PublicUrl } from './deploy-options.js';
import type { StatefulStack } from './stateful-stack.js';
import { tableStatements } from './table-policy.js';

export interface StatelessStackProps extends StackProps {
  stateful: StatefulStack;
  stage: string;
  /** Where links point: a given URL, the custom domain (created here), or the HTTP API's own URL. */
  publicUrl: PublicUrl;
  emailFrom: string;
  /** SES identities (domains or addresses) that may authorise emailFrom: the grant names exactly these. */
  senderIdentities: string[];
  /** Hash of the validated config, set on every function. */
  configHash: string;
  /** The validated config, bundled into every function (see shared/runtime/lambda-config.ts). */
  config: AppConfig;
  tracing?: boolean;
  /** Address subscribed to the alarm topic (every alarm, failing-feeds notices). */
  alarmEmail?: string;
  /** Errors and throttles alarms per function (default) or over the account (infra/constructs/monitoring.ts). */
  functionAlarms?: FunctionAlarms;
}

/**
 * Functions, schedules and the HTTP API: replaceable at will, all state lives in StatefulStack.
 * Every function is an AppFunction; permissions are grants on named resources, never wildcards.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, AppFunction>;
  /** Alarms and notices for the admins (email: -c alarmEmail). */
  readonly alarmTopic: sns.Topic;
  readonly monitoring: Monitoring;
  readonly api: apigw.HttpApi;
  readonly apiUrl: string;
  /** The base URL of the links the functions hand out (PUBLIC_BASE_URL): a literal, or the API's endpoint. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stateful } = props;

    // The alarms notify this topic, and so do functions whose topology entry notifies the admins (failing feeds).
    this.alarmTopic = new sns.Topic(this, 'Alarms', { displayName: `newshound ${props.stage} alarms`, enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    // The API comes first: without a URL of their own, the functions' links use its endpoint. The API does not depend
    // on the functions (its routes and integrations do), so this is no cycle.
    this.api = new apigw.HttpApi(this, 'Api', { description: `newshound ${props.stage} subscriptions and Telegram webhook`, createDefaultStage: false });
    const domain = props.publicUrl.kind === 'domain' ? this.customDomain(props.publicUrl) : undefined;
    this.publicBaseUrl =
      props.publicUrl.kind === 'url' ? props.publicUrl.url : props.publicUrl.kind === 'domain' ? `https://${props.publicUrl.domainName}` : this.api.apiEndpoint;

    const baseEnv = {
      [FunctionEnv.stage]: props.stage,
      [FunctionEnv.publicBaseUrl]: this.publicBaseUrl,
      [FunctionEnv.emailFrom]: props.emailFrom,
      [FunctionEnv.configHash]: props.configHash,
    };

    // Every function, its environment and its grants come from its topology entry (shared/topology/functions.ts).
    const fns = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, this.buildFunction(name, props, baseEnv)])) as Record<FunctionName, AppFunction>;
    this.functions = fns;

    // --- alarms and the dashboard (infra/constructs/monitoring.ts) ----------------------------------------------
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: props.stage,
      alarmTopic: this.alarmTopic,
      functions: fns,
      queues: stateful.queues,
      asyncFailures: stateful.asyncFailures,
      thresholds: props.config.monitoring,
      ...(props.functionAlarms ? { functionAlarms: props.functionAlarms } : {}),
    });

    // --- HTTP API -------------------------------------------------------------------------------
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // The ceiling of a route without its own throttle; per-IP and per-address limits live in the subscriptions use case.
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
      ...(domain ? { domainMapping: { domainName: domain } } : {}),
    });
    this.apiUrl = stage.url;
    for (const name of FUNCTION_NAMES) this.addTriggers(name, fns[name], stateful, props.configHash);
    this.throttleRoutes(stage);
    acknowledge(
      this.api,
      [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: subscribe pages serve anonymous visitors; confirm, preferences and unsubscribe carry HMAC-signed tokens; the Telegram webhook checks X-Telegram-Bot-Api-Secret-Token in constant time.',
        },
      ],
    );

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl, description: "The HTTP API's own URL" });
    new CfnOutput(this, 'PublicUrl', { value: this.publicBaseUrl, description: 'Where the links in alerts and emails point (subscribe, confirm, preferences, unsubscribe)' });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'SNS topic every alarm notifies (-c alarmEmail subscribes an address; confirm the email AWS sends it)',
    });
    new CfnOutput(this, 'SenderIdentities', {
      value: props.senderIdentities.join(','),
      description: 'SES identities the senders may send as; verify one of them (-c senderIdentity names the one you verified)',
    });
    new CfnOutput(this, 'TelegramWebhookUrl', {
      value: `${this.api.apiEndpoint}${telegramWebhookPath()}`,
      description: 'setWebhook url: npx newshound telegram set-webhook registers it, with the secret_token derived from the bot token',
    });
  }

  /** The API's custom domain with its ACM certificate, and its alias record when the hosted zone is given. */
  private customDomain(custom: CustomDomain): apigw.DomainName {
    const domain = new apigw.DomainName(this, 'ApiDomain', {
      domainName: custom.domainName,
      certificate: acm.Certificate.fromCertificateArn(this, 'ApiCertificate', custom.certificateArn),
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    if (custom.hostedZoneId) {
      new route53.CfnRecordSet(this, 'ApiDomainRecord', {
        hostedZoneId: custom.hostedZoneId,
        name: custom.domainName,
        type: 'A',
        aliasTarget: { dnsName: domain.regionalDomainName, hostedZoneId: domain.regionalHostedZoneId },
      });
    } else {
      new CfnOutput(this, 'ApiDomainTarget', {
        value: domain.regionalDomainName,
        description: `Point ${custom.domainName} here (CNAME, or an alias A record) at your DNS provider`,
      });
    }
    return domain;
  }

  /** One function with the environment and grants its topology entry implies, nothing more. */
  private buildFunction(name: FunctionName, props: StatelessStackProps, baseEnv: Record<string, string>): AppFunction {
    const { stateful } = props;
    const entry = entryOf(name);
    const source = queueTriggerOf(name);
    // CloudFormation invokes a custom resource's function asynchronously too.
    const asynchronous = entry.triggers.some((t) => t.kind === 'schedule' || t.kind === 'sns' || t.kind === 'deploy');
    const fn = new AppFunction(this, pascalCase(name), {
      name,
      description: entry.description,
      memoryMb: entry.memoryMb,
      timeout: Duration.seconds(entry.timeoutSeconds),
      environment: baseEnv,
      config: props.config,
      tracing: props.tracing,
      asyncDeadLetterQueue: asynchronous ? stateful.asyncFailures : undefined,
      source: source && {
        queue: stateful.queues[source.queue].queue,
        batchSize: source.batchSize,
        maxBatchingWindow: source.maxBatchingWindowSeconds ? Duration.seconds(source.maxBatchingWindowSeconds) : undefined,
        maxConcurrency: source.maxConcurrency,
      },
    });

    if (entry.table) {
      // Only the item types the entry names (IAM conditions on the partition keys), not the whole table.
      for (const statement of tableStatements(stateful.table.tableArn, entry.table)) fn.role.addToPrincipalPolicy(statement);
      fn.addEnvironment(FunctionEnv.tableName, stateful.table.tableName);
    }

    // Hand-offs, and a consumer's re-queues (throttling, 429 retry_after, backoff) to its own queue.
    for (const queue of sendsOf(name)) {
      stateful.queues[queue].queue.grantSendMessages(fn);
      fn.addEnvironment(queueUrlEnv(queue), stateful.queues[queue].queue.queueUrl);
    }
    // A consumer parks a message in its DLQ with the reason (e.g. SES MessageRejected).
    if (source) {
      stateful.queues[source.queue].deadLetterQueue.grantSendMessages(fn);
      fn.addEnvironment(dlqUrlEnv(source.queue), stateful.queues[source.queue].deadLetterQueue.queueUrl);
    }

    // Secrets by parameter name in the environment, read at run time: GetParameter on exactly those parameters (the
    // aws/ssm key's policy lets any principal of the account decrypt through SSM, so no KMS grant). A generated secret
    // is created by the first function that needs it, so its readers may also create it.
    for (const secret of entry.secrets ?? []) {
      const parameter = secretParameterName(props.stage, secret);
      const arn = this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: parameter.slice(1) });
      const actions = SECRETS[secret].generated ? ['ssm:GetParameter', 'ssm:PutParameter'] : ['ssm:GetParameter'];
      fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [arn] }));
      fn.addEnvironment(secretParameterEnv(secret), parameter);
    }

    if (entry.sendsEmail) {
      // SES scoped to the verified sender identity, the configuration set that reports bounces and complaints, and the
      // one From address (a domain identity alone would let the function send as anyone at the domain).
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [
            ...props.senderIdentities.map((identity) => this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
            this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: stateful.emailConfigurationSet.configurationSetName }),
          ],
          conditions: { StringEqualsIgnoreCase: { 'ses:FromAddress': props.emailFrom } },
        }),
      );
      fn.addEnvironment(FunctionEnv.sesConfigurationSet, stateful.emailConfigurationSet.configurationSetName);
    }

    // SES v2 GetAccount has no resource type: IAM takes only "*". A policy of its own, so no other grant shares it.
    if (entry.readsSendingAccount) {
      new iam.Policy(this, `${pascalCase(name)}SendingAccountRead`, {
        roles: [fn.role],
        statements: [new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] })],
      });
    }

    if (entry.feedsBucket) {
      stateful.feedsBucket.grantPut(fn);
      stateful.feedsBucket.grantRead(fn);
      // Revoked partners' and removed topics' files are deleted on the next publish.
      stateful.feedsBucket.grantDelete(fn);
      fn.addEnvironment(FunctionEnv.feedsBaseUrl, stateful.feedsBaseUrl);
      fn.addEnvironment(FunctionEnv.feedsBucket, stateful.feedsBucket.bucketName);
    }

    // The token table's own API: describe (its ETag), list and update keys of this one store.
    if (entry.partnerAccessStore) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['cloudfront-keyvaluestore:DescribeKeyValueStore', 'cloudfront-keyvaluestore:ListKeys', 'cloudfront-keyvaluestore:UpdateKeys'],
          resources: [stateful.partnerAccessStore.keyValueStoreArn],
        }),
      );
      fn.addEnvironment(FunctionEnv.partnerAccessStoreArn, stateful.partnerAccessStore.keyValueStoreArn);
    }

    // One action on the inbox's objects: the callback puts pushed bodies, poll-feed gets them (no listing, no delete).
    if (entry.inboxBucket) {
      const action = entry.inboxBucket === 'write' ? 's3:PutObject' : 's3:GetObject';
      fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: [stateful.inboxBucket.arnForObjects('inbox/*')] }));
      fn.addEnvironment(FunctionEnv.inboxBucket, stateful.inboxBucket.bucketName);
    }

    if (entry.notifiesAdmins) {
      this.alarmTopic.grantPublish(fn);
      fn.addEnvironment(FunctionEnv.alarmTopicArn, this.alarmTopic.topicArn);
    }

    if (entry.haltable) this.allowEventSourceSwitch(name, fn);
    return fn;
  }

  /**
   * A haltable sender stops and starts its own queue's event source mapping. Listing mappings takes "*" (IAM has no
   * resource for it); updating is limited to mappings of this very function. A policy of its own, not the role's
   * default one, which the function depends on: naming the function's ARN there would be a dependency cycle.
   */
  private allowEventSourceSwitch(name: FunctionName, fn: AppFunction): void {
    new iam.Policy(this, `${pascalCase(name)}EventSourceSwitch`, {
      roles: [fn.role],
      statements: [
        new iam.PolicyStatement({ actions: ['lambda:ListEventSourceMappings'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['lambda:UpdateEventSourceMapping'],
          resources: [this.formatArn({ service: 'lambda', resource: 'event-source-mapping', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
          conditions: { ArnEquals: { 'lambda:FunctionArn': fn.fn.functionArn } },
        }),
      ],
    });
  }

  private readonly routes: { trigger: HttpTrigger['routes'][number]; route: apigw.HttpRoute }[] = [];

  /** Schedules, HTTP routes, SNS subscriptions and deploy triggers from the topology; queue triggers are the AppFunction's source. */
  private addTriggers(name: FunctionName, fn: AppFunction, stateful: StatefulStack, configHash: string): void {
    for (const trigger of entryOf(name).triggers as readonly Trigger[]) {
      if (trigger.kind === 'schedule') this.addSchedule(name, fn, trigger, stateful);
      if (trigger.kind === 'http') {
        const integration = new HttpLambdaIntegration(`${pascalCase(name)}Integration`, fn.fn);
        for (const route of trigger.routes) {
          const [added] = this.api.addRoutes({ path: route.path, methods: [apigw.HttpMethod[route.method]], integration });
          this.routes.push({ trigger: route, route: added! });
        }
      }
      if (trigger.kind === 'sns') stateful.sesEventsTopic.addSubscription(new LambdaSubscription(fn.fn));
      if (trigger.kind === 'deploy') this.addDeployTrigger(fn, trigger, configHash);
    }
  }

  /** Each route's own throttle (the stage's RouteSettings), so a flood of one route cannot lock out the others. */
  private throttleRoutes(stage: apigw.HttpStage): void {
    const cfnStage = stage.node.defaultChild as apigw.CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      this.routes.map(({ trigger }) => [`${trigger.method} ${trigger.path}`, { ThrottlingRateLimit: trigger.throttle.rate, ThrottlingBurstLimit: trigger.throttle.burst }]),
    );
    // The stage may name a route only once it exists.
    for (const { route } of this.routes) cfnStage.node.addDependency(route);
  }

  /**
   * A custom resource whose service token is the function itself: CloudFormation invokes it with the trigger's input
   * whenever the config changes (its hash is a property), and waits for its answer.
   */
  private addDeployTrigger(fn: AppFunction, trigger: DeployTrigger, configHash: string): void {
    const resource = new CustomResource(this, trigger.id, {
      serviceToken: fn.fn.functionArn,
      resourceType: `Custom::${trigger.id}`,
      properties: { ...trigger.input, configHash },
    });
    // Its grants are in place before CloudFormation invokes it.
    resource.node.addDependency(fn.role);
  }

  private readonly asyncConfigured = new Set<FunctionName>();

  private addSchedule(name: FunctionName, fn: AppFunction, trigger: Extract<Trigger, { kind: 'schedule' }>, stateful: StatefulStack): void {
    // The next tick does the work again: retrying a stale tick for hours only piles up.
    if (!this.asyncConfigured.has(name)) fn.fn.configureAsyncInvoke({ retryAttempts: 1, maxEventAge: Duration.minutes(5) });
    this.asyncConfigured.add(name);
    const id = trigger.id === 'ResumeCheck' ? `${pascalCase(name)}ResumeCheck` : trigger.id;
    new scheduler.Schedule(this, id, {
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(trigger.rateMinutes)),
      description: trigger.description,
      target: new targets.LambdaInvoke(fn.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ ...trigger.input, scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
        deadLetterQueue: stateful.asyncFailures,
      }),
    });
  }
}

/** Where Telegram posts updates: the telegram-webhook function's one route. */
export function telegramWebhookPath(): string {
  const http = entryOf('telegram-webhook').triggers.find((t) => t.kind === 'http');
  return http?.kind === 'http' ? http.routes[0]!.path : '/telegram/webhook';
}
