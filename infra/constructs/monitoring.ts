import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { consumerOf, entryOf, FUNCTION_NAMES, type FunctionName, pascalCase } from '../../shared/topology/functions.js';
import { type CustomMetric, LOG_EVENTS, METRICS, METRICS_NAMESPACE } from '../../shared/topology/metrics.js';
import { ASYNC_FAILURES_QUEUE, QUEUE_NAMES, type QueueName } from '../../shared/topology/queues.js';
import type { AppFunction } from './app-function.js';

import { DEFAULT_FUNCTION_ALARMS, type FunctionAlarms } from './function-alarms.js';

export type { FunctionAlarms };

export interface MonitoringProps {
  stage: string;
  /** Where every alarm goes (and dispatch-polls' failing-feeds notices). */
  alarmTopic: sns.ITopic;
  functions: Record<FunctionName, AppFunction>;
  /** The work queues, each with its dead-letter queue. */
  queues: Record<QueueName, { deadLetterQueue: sqs.IQueue }>;
  /** The dead-letter queue of asynchronous invocations (Scheduler targets, SNS). */
  asyncFailures: sqs.IQueue;
  /** The config's monitoring values (the failing-feeds threshold, for the dashboard's title). */
  thresholds: AppConfig['monitoring'];
  /** Alarm when the p95 of instant alerts (poll that saw the article → provider accepted) is over this. */
  alertLatencyP95Minutes?: number;
  functionAlarms?: FunctionAlarms;
}

/** A 10,000-subscriber Telegram fan-out at the bot's 25 messages a second takes about 7 minutes: twice that, and more. */
export const ALERT_LATENCY_P95_MINUTES = 15;

/** SES reviews an account at a 5 % bounce rate or a 0.1 % complaint rate (AWS/SES publishes fractions). */
export const SES_REVIEW_RATES = { bounce: 0.05, complaint: 0.001 } as const;

const SENDERS = METRICS.alertLatency.emittedBy;

/**
 * The alarms (every one to the alarm topic, every description saying what to run) and the dashboard. The custom
 * metrics they read come from shared/topology/metrics.ts, the list the code emits from.
 */
export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly props: MonitoringProps;
  private readonly notify: cwActions.SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    this.notify = new cwActions.SnsAction(props.alarmTopic);
    const fns = props.functions;
    const logsOf = (name: FunctionName) => fns[name].logGroup.logGroupName;

    // --- dead letters: nothing parked goes unnoticed ------------------------------------------------------------
    for (const queue of QUEUE_NAMES) {
      const consumer = consumerOf(queue).name;
      this.alarm(`${pascalCase(queue)}DeadLetters`, {
        name: `dlq-${queue}`,
        metric: props.queues[queue].deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 0,
        description:
          `Messages were parked in the ${queue} dead-letter queue, each with the reason ${consumer} gave. ` +
          `Run \`newshound dlq show ${queue}\` to read them, fix the cause (${consumer}'s log group: ${logsOf(consumer)}), ` +
          `then \`newshound dlq redrive ${queue}\`. \`newshound doctor\` lists everything else that needs action.`,
      });
    }
    const asynchronous = FUNCTION_NAMES.filter((n) => entryOf(n).triggers.some((t) => t.kind === 'schedule' || t.kind === 'sns'));
    this.alarm('AsyncFailuresDeadLetters', {
      name: `dlq-${ASYNC_FAILURES_QUEUE}`,
      metric: props.asyncFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      description:
        `A scheduled or SNS-triggered invocation (${asynchronous.join(', ')}) failed after its retries and was parked. ` +
        `Run \`newshound dlq show ${ASYNC_FAILURES_QUEUE}\` for each failure's error and request id, and read that function's log group ` +
        '(its Errors alarm fired too). Scheduled work is done again on its next tick. `newshound doctor` lists what needs action.',
    });

    // --- halted senders: the provider refuses everything -------------------------------------------------------
    for (const name of FUNCTION_NAMES.filter((n) => entryOf(n).haltable)) {
      new logs.MetricFilter(this, `${pascalCase(name)}HaltedFilter`, {
        logGroup: fns[name].logGroup,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', LOG_EVENTS.senderHalted.message),
        metricNamespace: METRICS_NAMESPACE,
        metricName: METRICS.senderHalted.name,
        metricValue: '1',
      });
    }
    this.alarm('SenderHalted', {
      name: 'sender-halted',
      metric: this.metric(METRICS.senderHalted, undefined, 'Sum', Duration.minutes(5)),
      threshold: 0,
      description:
        'A sender stopped sending: the provider paused or suspended the account (SES) or refused the credentials (Telegram bot token). ' +
        'Run `newshound doctor`: it names the sender and the reason; the sender\'s log group has the line "ALARM consumer halted". ' +
        'Its queue keeps the alerts; it resumes by itself within 5 minutes of the cause being gone.',
    });

    // --- every function's errors and throttles -------------------------------------------------------------------
    if ((props.functionAlarms ?? DEFAULT_FUNCTION_ALARMS) === 'per-function') {
      for (const name of FUNCTION_NAMES) this.functionAlarms(name);
    } else {
      this.accountFunctionAlarms();
    }

    // --- SES reputation: the rates at which SES reviews the account --------------------------------------------
    const reputation = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    this.alarm('SesBounceRate', {
      name: 'ses-bounce-rate',
      metric: reputation('Reputation.BounceRate'),
      threshold: SES_REVIEW_RATES.bounce,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description:
        'The SES bounce rate reached 5 %, the rate at which SES puts the account under review (at 10 % it may pause sending). ' +
        'Bounced addresses are already suppressed (ses-events); find where the bad addresses come from (a typo-prone form, an imported list) and remove them from infra/config/subscribers.ts. ' +
        'Run `newshound doctor`; the SES console\'s reputation page shows the rate over time.',
    });
    this.alarm('SesComplaintRate', {
      name: 'ses-complaint-rate',
      metric: reputation('Reputation.ComplaintRate'),
      threshold: SES_REVIEW_RATES.complaint,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description:
        'The SES complaint rate reached 0.1 %, the rate at which SES puts the account under review (at 0.5 % it may pause sending). ' +
        'Complaining addresses are already suppressed (ses-events); check that every subscriber opted in and that alerts are not too frequent (digests, storm control). ' +
        'Run `newshound doctor`; the SES console\'s reputation page shows the rate over time.',
    });

    // --- alert latency ---------------------------------------------------------------------------------------------
    const latencyMinutes = props.alertLatencyP95Minutes ?? ALERT_LATENCY_P95_MINUTES;
    for (const sender of SENDERS) {
      const queue = entryOf(sender).triggers.find((t) => t.kind === 'queue');
      this.alarm(`${pascalCase(sender)}Latency`, {
        name: `latency-${sender}`,
        metric: this.metric(METRICS.alertLatency, sender, 'p95', Duration.minutes(15)),
        threshold: latencyMinutes * 60_000,
        description:
          `Instant alerts from ${sender} took longer than ${latencyMinutes} minutes (95th percentile over 15 minutes) from the poll that saw the article to the provider accepting them: ` +
          `its ${queue?.kind === 'queue' ? queue.queue : ''} queue is backed up or retrying. Run \`newshound doctor\`; ${sender}'s log group (${logsOf(sender)}) ` +
          'has a "retry later" line with the reason for every delay (provider throttling, 429 retry_after, errors).',
      });
    }

    this.dashboard = this.buildDashboard();
  }

  private functionAlarms(name: FunctionName): void {
    const fn = this.props.functions[name].fn;
    const logGroup = this.props.functions[name].logGroup.logGroupName;
    const queue = entryOf(name).triggers.find((t) => t.kind === 'queue');
    const http = entryOf(name).triggers.some((t) => t.kind === 'http');
    const effect = queue?.kind === 'queue'
      ? `its ${queue.queue} messages are retried and, after 5 receives, parked (\`newshound dlq show ${queue.queue}\`)`
      : http
        ? 'visitors or Telegram got an error'
        : `the failed invocation is retried, then parked (\`newshound dlq show ${ASYNC_FAILURES_QUEUE}\`)`;
    this.alarm(`${pascalCase(name)}Errors`, {
      name: `errors-${name}`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      datapoints: [2, 3],
      description:
        `${name} failed (threw or timed out) in 2 of the last 3 five-minute periods; ${effect}. ` +
        `Read its log group ${logGroup} (level ERROR, or "Task timed out") and run \`newshound doctor\`.`,
    });
    this.alarm(`${pascalCase(name)}Throttles`, {
      name: `throttles-${name}`,
      metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      datapoints: [2, 3],
      description:
        `Lambda throttled ${name} in 2 of the last 3 five-minute periods: the account's concurrent executions are used up (a new account may have only 10). ` +
        'Run `newshound doctor`; ask for more in Service Quotas (Lambda, "Concurrent executions"), or lower the event sources\' maximum concurrency.',
    });
  }

  private accountFunctionAlarms(): void {
    const all = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName, statistic: 'Sum', period: Duration.minutes(5) });
    this.alarm('FunctionErrors', {
      name: 'errors-functions',
      metric: all('Errors'),
      threshold: 0,
      datapoints: [2, 3],
      description:
        'A Lambda function in this account and region failed (threw or timed out) in 2 of the last 3 five-minute periods. ' +
        `The dashboard newshound-${this.props.stage} shows which; read that function's log group (level ERROR, or "Task timed out") and run \`newshound doctor\`.`,
    });
    this.alarm('FunctionThrottles', {
      name: 'throttles-functions',
      metric: all('Throttles'),
      threshold: 0,
      datapoints: [2, 3],
      description:
        "Lambda throttled a function of this account and region in 2 of the last 3 five-minute periods: the account's concurrent executions are used up (a new account may have only 10). " +
        `The dashboard newshound-${this.props.stage} shows which. Run \`newshound doctor\`; ask for more in Service Quotas (Lambda, "Concurrent executions").`,
    });
  }

  /** One alarm to the alarm topic: over the threshold (by default) in 1 of 1 periods, missing data is no alarm. */
  private alarm(
    id: string,
    spec: { name: string; metric: cloudwatch.IMetric; threshold: number; description: string; comparison?: cloudwatch.ComparisonOperator; datapoints?: [number, number] },
  ): cloudwatch.Alarm {
    const [datapointsToAlarm, evaluationPeriods] = spec.datapoints ?? [1, 1];
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      alarmName: `newshound-${this.props.stage}-${spec.name}`,
      alarmDescription: `newshound ${this.props.stage}: ${spec.description}`,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.notify);
    this.alarms.push(alarm);
    return alarm;
  }

  /** A catalogued custom metric, as the code emits it: `service` is the emitting function (none for a log filter's). */
  private metric(metric: CustomMetric, service: FunctionName | undefined, statistic: string, period = Duration.minutes(5), label?: string): cloudwatch.Metric {
    if (service !== undefined && !metric.emittedBy.includes(service)) throw new Error(`${service} does not emit ${metric.name} (shared/topology/metrics.ts)`);
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: metric.name,
      ...(service !== undefined ? { dimensionsMap: { service } } : {}),
      statistic,
      period,
      ...(label ? { label } : {}),
    });
  }

  private buildDashboard(): cloudwatch.Dashboard {
    const { props } = this;
    const fns = props.functions;
    const sum = (metric: CustomMetric, service: FunctionName, label: string) => this.metric(metric, service, 'Sum', Duration.minutes(5), label);
    const polls = sum(METRICS.polls, 'poll-feed', 'polls');
    const notModified = sum(METRICS.pollsNotModified, 'poll-feed', '304 Not Modified');
    const channel = (sender: FunctionName) => sender.replace(/^send-/, '');
    const latencyMinutes = props.alertLatencyP95Minutes ?? ALERT_LATENCY_P95_MINUTES;
    const matched = LOG_EVENTS.matched;

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `newshound-${props.stage}`, defaultInterval: Duration.days(1) });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Polls and the 304 share',
        width: 8,
        left: [polls, notModified, sum(METRICS.pollFailed, 'poll-feed', 'failed')],
        right: [new cloudwatch.MathExpression({ expression: '100 * notModified / polls', usingMetrics: { notModified, polls }, label: '304 share (%)', period: Duration.minutes(5) })],
        rightYAxis: { min: 0, max: 100, label: '%', showUnits: false },
      }),
      new cloudwatch.GraphWidget({ title: 'New articles', width: 8, left: [sum(METRICS.newArticles, 'poll-feed', 'new articles')] }),
      new cloudwatch.GraphWidget({
        title: `Feeds failing for over ${props.thresholds.failingFeedHours} h`,
        width: 8,
        left: [this.metric(METRICS.feedsFailing, 'dispatch-polls', 'Maximum', Duration.minutes(5), 'feeds')],
      }),
    );
    dashboard.addWidgets(
      // One custom metric per topic would cost $0.30 a month each: poll-feed logs one line per topic instead.
      new cloudwatch.LogQueryWidget({
        title: 'Matches per topic (poll-feed logs)',
        width: 8,
        logGroupNames: [fns['poll-feed'].logGroup.logGroupName],
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        queryLines: [`filter message = "${matched.message}"`, `stats sum(${matched.fields.matches}) as matches by ${matched.fields.topicId}`, 'sort matches desc'],
      }),
      new cloudwatch.GraphWidget({ title: 'Deliveries per channel', width: 8, left: SENDERS.map((s) => sum(METRICS.alertsSent, s, channel(s))) }),
      new cloudwatch.GraphWidget({
        title: 'Alert latency, poll → provider (p95, p50)',
        width: 8,
        left: SENDERS.flatMap((s) => [
          this.metric(METRICS.alertLatency, s, 'p95', Duration.minutes(15), `${channel(s)} p95`),
          this.metric(METRICS.alertLatency, s, 'p50', Duration.minutes(15), `${channel(s)} p50`),
        ]),
        leftAnnotations: [{ value: latencyMinutes * 60_000, label: `alarm: p95 over ${latencyMinutes} min` }],
        leftYAxis: { min: 0, label: 'ms', showUnits: false },
      }),
    );
    const deadLetters = [
      ...QUEUE_NAMES.map((q) => props.queues[q].deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum', label: q })),
      props.asyncFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum', label: ASYNC_FAILURES_QUEUE }),
    ];
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Dead letters (newshound dlq show <queue>)', width: 8, left: deadLetters }),
      new cloudwatch.GraphWidget({
        title: 'Function errors and throttles',
        width: 8,
        left: FUNCTION_NAMES.map((n) => fns[n].fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', label: `${n} errors` })),
        right: FUNCTION_NAMES.map((n) => fns[n].fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum', label: `${n} throttles` })),
      }),
      new cloudwatch.GraphWidget({
        title: 'SES reputation and halted senders',
        width: 8,
        left: [
          new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1), label: 'bounce rate' }),
          new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', statistic: 'Maximum', period: Duration.hours(1), label: 'complaint rate' }),
        ],
        leftAnnotations: [
          { value: SES_REVIEW_RATES.bounce, label: 'bounce review (5 %)' },
          { value: SES_REVIEW_RATES.complaint, label: 'complaint review (0.1 %)' },
        ],
        right: [this.metric(METRICS.senderHalted, undefined, 'Sum', Duration.minutes(5), 'sender halted')],
      }),
    );
    return dashboard;
  }
}
