import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { AppFunction } from '../constructs/app-function.js';
import { acknowledge } from './acknowledge.js';
import { dlqUrlEnv, FunctionEnv, queueUrlEnv } from './function-env.js';
import { FUNCTION_SPECS, type FunctionName, pascalCase, QUEUE_NAMES, type QueueName } from './function-specs.js';
import type { StatefulStack } from './stateful-stack.js';

export interface StatelessStackProps extends StackProps {
  stateful: StatefulStack;
  stage: string;
  publicBaseUrl: string;
  emailFrom: string;
  /** SES identity (domain or address) that authorises emailFrom. */
  senderIdentity: string;
  /** Hash of the validated config, set on every function. */
  configHash: string;
  tracing?: boolean;
  /** Address subscribed to the alarm topic (dead letters, halted senders). */
  alarmEmail?: string;
}

/** Paths the subscriptions function serves (pages and API; see issue 7). */
export const SUBSCRIPTION_ROUTES: { path: string; methods: apigw.HttpMethod[] }[] = [
  { path: '/', methods: [apigw.HttpMethod.GET] },
  { path: '/subscribe', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST] },
  { path: '/confirm', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST] },
  { path: '/preferences', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST] },
  { path: '/unsubscribe', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST] },
];
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/**
 * Functions, schedules and the HTTP API: replaceable at will, all state lives in StatefulStack.
 * Every function is an AppFunction; permissions are grants on named resources, never wildcards.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, AppFunction>;
  readonly api: apigw.HttpApi;
  readonly apiUrl: string;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stateful } = props;

    const baseEnv = {
      [FunctionEnv.stage]: props.stage,
      [FunctionEnv.publicBaseUrl]: props.publicBaseUrl,
      [FunctionEnv.emailFrom]: props.emailFrom,
      [FunctionEnv.tableName]: stateful.table.tableName,
      [FunctionEnv.configHash]: props.configHash,
    };

    const make = (name: FunctionName, options: { asyncDlq?: boolean } = {}): AppFunction => {
      const spec = FUNCTION_SPECS[name];
      const consumes = spec.consumes;
      return new AppFunction(this, pascalCase(name), {
        name,
        description: spec.description,
        memoryMb: spec.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds),
        environment: baseEnv,
        tracing: props.tracing,
        asyncDeadLetterQueue: options.asyncDlq ? stateful.asyncFailures : undefined,
        source: consumes && {
          queue: stateful.queues[consumes.queue].queue,
          batchSize: consumes.batchSize,
          maxBatchingWindow: consumes.maxBatchingWindowSeconds ? Duration.seconds(consumes.maxBatchingWindowSeconds) : undefined,
          maxConcurrency: consumes.maxConcurrency,
        },
      });
    };

    const fns = {
      'dispatch-polls': make('dispatch-polls', { asyncDlq: true }),
      'poll-feed': make('poll-feed'),
      'fan-out': make('fan-out'),
      'send-email': make('send-email'),
      'send-telegram': make('send-telegram'),
      'send-webhook': make('send-webhook'),
      'publish-feeds': make('publish-feeds'),
      'send-digests': make('send-digests', { asyncDlq: true }),
      subscriptions: make('subscriptions'),
      'telegram-webhook': make('telegram-webhook'),
      'ses-events': make('ses-events', { asyncDlq: true }),
      'sweep-outbox': make('sweep-outbox', { asyncDlq: true }),
    } satisfies Record<FunctionName, AppFunction>;
    this.functions = fns;

    // --- data -------------------------------------------------------------------------------
    const readers: FunctionName[] = ['publish-feeds'];
    for (const [name, fn] of Object.entries(fns) as [FunctionName, AppFunction][]) {
      if (readers.includes(name)) stateful.table.grantReadData(fn);
      else stateful.table.grantReadWriteData(fn);
    }

    // --- hand-offs: who may put messages on which queue ----------------------------------------
    const sends: Partial<Record<FunctionName, QueueName[]>> = {
      'dispatch-polls': ['poll'],
      'poll-feed': ['fan-out'],
      'sweep-outbox': ['fan-out'],
      'fan-out': ['email', 'telegram', 'webhook', 'publish'],
      // Consumers re-queue with a delay (throttling, Telegram 429 retry_after, webhook backoff).
      'send-email': ['email'],
      'send-telegram': ['telegram'],
      'send-webhook': ['webhook'],
      'send-digests': ['email', 'telegram'],
    };
    for (const [name, queues] of Object.entries(sends) as [FunctionName, QueueName[]][]) {
      for (const queue of queues) {
        stateful.queues[queue].queue.grantSendMessages(fns[name]);
        fns[name].addEnvironment(queueUrlEnv(queue), stateful.queues[queue].queue.queueUrl);
      }
    }

    // Consumers may park a message in their DLQ with the reason (e.g. SES MessageRejected).
    for (const [name, fn] of Object.entries(fns) as [FunctionName, AppFunction][]) {
      const queue = FUNCTION_SPECS[name].consumes?.queue;
      if (!queue) continue;
      stateful.queues[queue].deadLetterQueue.grantSendMessages(fn);
      fn.addEnvironment(dlqUrlEnv(queue), stateful.queues[queue].deadLetterQueue.queueUrl);
    }

    // --- secrets: by ARN in the environment, read at run time -----------------------------------
    const secretUse: [FunctionName, 'telegramBotToken' | 'signingKey' | 'telegramWebhookSecret'][] = [
      ['send-email', 'signingKey'],
      ['send-webhook', 'signingKey'],
      // Telegram alerts carry signed preference/unsubscribe links too.
      ['send-telegram', 'signingKey'],
      ['subscriptions', 'signingKey'],
      ['send-telegram', 'telegramBotToken'],
      ['telegram-webhook', 'telegramBotToken'],
      ['telegram-webhook', 'telegramWebhookSecret'],
    ];
    const secretEnv = {
      telegramBotToken: FunctionEnv.telegramBotTokenSecretArn,
      signingKey: FunctionEnv.signingKeySecretArn,
      telegramWebhookSecret: FunctionEnv.telegramWebhookSecretArn,
    } as const;
    for (const [name, secret] of secretUse) {
      stateful[secret].grantRead(fns[name]);
      fns[name].addEnvironment(secretEnv[secret], stateful[secret].secretArn);
    }

    // --- email: SES scoped to the sender identity and the configuration set ----------------------
    // send-email sends alerts; subscriptions sends the double opt-in confirmation itself.
    for (const name of ['send-email', 'subscriptions'] as const) {
      fns[name].role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderIdentity }),
            this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: stateful.emailConfigurationSet.configurationSetName }),
          ],
        }),
      );
      fns[name].addEnvironment(FunctionEnv.sesConfigurationSet, stateful.emailConfigurationSet.configurationSetName);
    }
    stateful.sesEventsTopic.addSubscription(new LambdaSubscription(fns['ses-events'].fn));

    // --- feeds out ------------------------------------------------------------------------------
    stateful.feedsBucket.grantPut(fns['publish-feeds']);
    stateful.feedsBucket.grantRead(fns['publish-feeds']);
    // Revoked partners' and removed topics' files are deleted on the next publish.
    stateful.feedsBucket.grantDelete(fns['publish-feeds']);
    fns['publish-feeds'].addEnvironment(FunctionEnv.feedsBaseUrl, stateful.feedsBaseUrl);
    fns['publish-feeds'].addEnvironment(FunctionEnv.feedsBucket, stateful.feedsBucket.bucketName);

    // --- alarms: nothing parked or halted goes unnoticed -----------------------------------------
    const alarmTopic = new sns.Topic(this, 'Alarms', { displayName: `newshound ${props.stage} alarms`, enforceSSL: true });
    if (props.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const notify = new cwActions.SnsAction(alarmTopic);
    for (const queue of QUEUE_NAMES) {
      new cloudwatch.Alarm(this, `${pascalCase(queue)}DeadLettersAlarm`, {
        alarmDescription: `Messages were parked in the ${queue} dead-letter queue (each carries its reason)`,
        metric: stateful.queues[queue].deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);
    }
    // A consumer that meets SES SendingPaused / AccountSuspended logs "ALARM consumer halted" and stops sending.
    // The three senders' filters feed one metric, so one alarm (and one custom metric) covers them.
    for (const name of ['send-email', 'send-telegram', 'send-webhook'] as const) {
      new logs.MetricFilter(this, `${pascalCase(name)}HaltedFilter`, {
        logGroup: fns[name].logGroup,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', 'ALARM consumer halted'),
        metricNamespace: 'newshound',
        metricName: 'SenderHalted',
        metricValue: '1',
      });
    }
    new cloudwatch.Alarm(this, 'SenderHaltedAlarm', {
      alarmDescription: 'A sender stopped sending (the provider paused or suspended the account, or rejected the credentials); see its logs',
      metric: new cloudwatch.Metric({ namespace: 'newshound', metricName: 'SenderHalted', period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);

    // --- schedules (EventBridge Scheduler) ------------------------------------------------------
    const schedule = (id: string, fn: AppFunction, expression: scheduler.ScheduleExpression, description: string) => {
      // The next tick does the work again: retrying a stale tick for hours only piles up.
      fn.fn.configureAsyncInvoke({ retryAttempts: 1, maxEventAge: Duration.minutes(5) });
      return new scheduler.Schedule(this, id, {
        schedule: expression,
        description,
        target: new targets.LambdaInvoke(fn.fn, {
          input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(5),
          deadLetterQueue: stateful.asyncFailures,
        }),
      });
    };
    schedule('DispatchPollsSchedule', fns['dispatch-polls'], scheduler.ScheduleExpression.rate(Duration.minutes(5)), 'Poll the feeds that are due');
    schedule('SweepOutboxSchedule', fns['sweep-outbox'], scheduler.ScheduleExpression.rate(Duration.minutes(1)), 'Re-hand pending matches');
    // Digest slots fall on the hour and at quiet-hours ends (any minute): every 5 minutes catches both.
    schedule('SendDigestsSchedule', fns['send-digests'], scheduler.ScheduleExpression.rate(Duration.minutes(5)), 'Send the digests that are due');

    // --- HTTP API -------------------------------------------------------------------------------
    this.api = new apigw.HttpApi(this, 'Api', { description: `newshound ${props.stage} subscriptions and Telegram webhook`, createDefaultStage: false });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Account-wide abuse ceiling; per-IP and per-address limits live in the subscriptions use case.
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    this.apiUrl = stage.url;
    const subscriptions = new HttpLambdaIntegration('SubscriptionsIntegration', fns.subscriptions.fn);
    for (const route of SUBSCRIPTION_ROUTES) this.api.addRoutes({ path: route.path, methods: route.methods, integration: subscriptions });
    this.api.addRoutes({
      path: TELEGRAM_WEBHOOK_PATH,
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('TelegramWebhookIntegration', fns['telegram-webhook'].fn),
    });
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

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl, description: 'Set -c publicBaseUrl to this (or the custom domain in front of it)' });
    new CfnOutput(this, 'TelegramWebhookUrl', {
      value: `${this.api.apiEndpoint}${TELEGRAM_WEBHOOK_PATH}`,
      description: 'setWebhook url, with secret_token from TelegramWebhookSecretArn',
    });
  }
}
