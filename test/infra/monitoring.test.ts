/**
 * Alarms and the dashboard, over the synthesized stateless template: every function, every dead-letter queue and the
 * SES reputation watched, each alarm to the alarm topic with a description that says what to run, and every custom
 * metric the dashboard and the alarms read being one the code emits (shared/topology/metrics.ts, the list the
 * handlers emit from: test/unit/runtime/metric-catalogue.test.ts holds the code to it).
 */
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { alarmCount } from '../../infra/constructs/alarm-count.js';
import { ALERT_LATENCY_P95_MINUTES } from '../../infra/constructs/monitoring.js';
import { environmentNames, FunctionEnv } from '../../shared/topology/environment.js';
import { consumerOf, entryOf, FUNCTION_NAMES, type FunctionName } from '../../shared/topology/functions.js';
import { LOG_EVENTS, METRICS, METRICS_NAMESPACE } from '../../shared/topology/metrics.js';
import { ASYNC_FAILURES_QUEUE, QUEUE_NAMES } from '../../shared/topology/queues.js';
import { synthNewshound, type SynthesizedStacks } from './support/test-app.js';
import { FIXTURE_DOMAIN } from './fixtures/production-config.js';

type Props = Record<string, unknown>;
type Resource = { Type: string; Properties?: Props };
interface AlarmProps {
  AlarmName: string;
  AlarmDescription: unknown;
  AlarmActions: unknown[];
  Namespace: string;
  MetricName: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Threshold: number;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  DatapointsToAlarm: number;
  Period: number;
  TreatMissingData: string;
}

let s: SynthesizedStacks;
let resources: Record<string, Resource>;
let alarms: AlarmProps[];
beforeAll(() => {
  s = synthNewshound({ functionAlarms: 'per-function' });
  resources = s.statelessTemplate.toJSON().Resources as Record<string, Resource>;
  alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties as unknown as AlarmProps);
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => s.stateless.getLogicalId(construct.node.defaultChild as CfnResource);
const functionRef = (name: FunctionName) => ({ Ref: logicalId(s.stateless.functions[name].fn) });
const logGroupRef = (name: FunctionName) => ({ Ref: logicalId(s.stateless.functions[name].logGroup) });
const topicRef = () => ({ Ref: logicalId(s.stateless.alarmTopic) });
/** A cross-stack value names the stateful resource's logical id in its export. */
const importsFrom = (value: unknown, construct: { node: { defaultChild?: unknown } }) => JSON.stringify(value).includes(s.stateful.getLogicalId(construct.node.defaultChild as CfnResource));

/** CloudFormation's Fn::Join rendered as text, with each reference as <Ref:id> (a 64-character name when `names`). */
function render(value: unknown, names = false): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => render(v, names)).join('');
  const record = value as Record<string, unknown>;
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => render(p, names)).join(separator);
  }
  if ('Ref' in record) return names ? 'x'.repeat(64) : `<Ref:${String(record.Ref)}>`;
  return names ? 'x'.repeat(64) : `<${Object.keys(record)[0]}:${JSON.stringify(record).replace(/[^A-Za-z0-9:]/g, '')}>`;
}
const descriptionOf = (alarm: AlarmProps) => render(alarm.AlarmDescription);
const dimension = (alarm: AlarmProps, name: string) => alarm.Dimensions?.find((d) => d.Name === name)?.Value;

describe('alarms', () => {
  it('every alarm notifies the alarm topic, has a unique stage-prefixed name, and a description that says what to run', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([topicRef()]);
      expect(alarm.AlarmName).toMatch(/^newshound-prod-[a-z0-9-]+$/);
      expect(descriptionOf(alarm), alarm.AlarmName).toMatch(/`newshound (doctor|dlq show [a-z-]+)`/);
      // CloudWatch allows 1,024 characters, with every log group name resolved.
      expect(render(alarm.AlarmDescription, true).length, alarm.AlarmName).toBeLessThanOrEqual(1024);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    expect(new Set(alarms.map((a) => a.AlarmName)).size).toBe(alarms.length);
  });

  it.each(FUNCTION_NAMES)('%s has an Errors alarm naming its log group and a Throttles alarm naming the quota', (name) => {
    const of = (metric: string) => alarms.filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric && JSON.stringify(dimension(a, 'FunctionName')) === JSON.stringify(functionRef(name)));
    for (const metric of ['Errors', 'Throttles']) {
      expect(of(metric), `${name} ${metric}`).toHaveLength(1);
      expect(of(metric)[0]).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', DatapointsToAlarm: 2, EvaluationPeriods: 3 });
      expect(descriptionOf(of(metric)[0]!)).toContain(`${name} `);
    }
    expect(of('Errors')[0]!.AlarmDescription).toEqual({ 'Fn::Join': ['', expect.arrayContaining([logGroupRef(name)])] });
    // A throttled invocation never starts, so it logs nothing: the quota is what to look at.
    expect(descriptionOf(of('Throttles')[0]!)).toContain('Service Quotas');
  });

  it.each(QUEUE_NAMES)('the %s dead-letter queue alarms at its first message, saying how to read and redrive it', (queue) => {
    const dlq = s.stateful.queues[queue].deadLetterQueue;
    const found = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && importsFrom(dimension(a, 'QueueName'), dlq));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Maximum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
    const text = descriptionOf(found[0]!);
    expect(text).toContain(`\`newshound dlq show ${queue}\``);
    expect(text).toContain(`\`newshound dlq redrive ${queue}\``);
    expect(found[0]!.AlarmDescription).toEqual({ 'Fn::Join': ['', expect.arrayContaining([logGroupRef(consumerOf(queue).name)])] });
  });

  it('the dead-letter queue of asynchronous invocations alarms too', () => {
    const found = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && importsFrom(dimension(a, 'QueueName'), s.stateful.asyncFailures));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmName: `newshound-prod-dlq-${ASYNC_FAILURES_QUEUE}` });
    expect(descriptionOf(found[0]!)).toContain(`\`newshound dlq show ${ASYNC_FAILURES_QUEUE}\``);
    // Every queue of the template that is a dead-letter target is watched: the work queues' and the async one.
    const watched = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(watched).toHaveLength(QUEUE_NAMES.length + 1);
  });

  it.each([
    ['Reputation.BounceRate', 0.05],
    ['Reputation.ComplaintRate', 0.001],
  ])('SES %s at or over %s (the rate at which SES reviews the account)', (metricName, threshold) => {
    const found = alarms.filter((a) => a.MetricName === metricName);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ Namespace: 'AWS/SES', Statistic: 'Maximum', Threshold: threshold, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Period: 3600 });
    // The account's rate, as SES reviews it: no configuration-set dimension.
    expect(found[0]!.Dimensions).toBeUndefined();
  });

  it('a halted sender alarms from the metric its log filter feeds', () => {
    const found = alarms.filter((a) => a.MetricName === METRICS.senderHalted.name);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ Namespace: METRICS_NAMESPACE, Statistic: 'Sum', Threshold: 0 });
    const filters = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter').map((r) => r.Properties!);
    const haltable = FUNCTION_NAMES.filter((name) => entryOf(name).haltable);
    expect(filters).toHaveLength(haltable.length);
    for (const name of haltable) {
      expect(filters.find((f) => JSON.stringify(f.LogGroupName) === JSON.stringify(logGroupRef(name))), name).toMatchObject({
        FilterPattern: `{ $.message = "${LOG_EVENTS.senderHalted.message}" }`,
        MetricTransformations: [{ MetricNamespace: METRICS_NAMESPACE, MetricName: METRICS.senderHalted.name, MetricValue: '1' }],
      });
    }
  });

  it('alert latency: the p95 of each sender over 15 minutes, above ALERT_LATENCY_P95_MINUTES', () => {
    const found = alarms.filter((a) => a.MetricName === METRICS.alertLatency.name);
    expect(found.map((a) => dimension(a, 'service')).sort()).toEqual([...METRICS.alertLatency.emittedBy].sort());
    for (const alarm of found) expect(alarm).toMatchObject({ Namespace: METRICS_NAMESPACE, ExtendedStatistic: 'p95', Period: 900, Threshold: 15 * 60_000, ComparisonOperator: 'GreaterThanThreshold' });
    expect(ALERT_LATENCY_P95_MINUTES).toBe(15);
  });

  it('by default watches errors and throttles over the account: 22 alarms fewer than -c functionAlarms=per-function', () => {
    const lean = synthNewshound();
    const leanAlarms = Object.values(lean.statelessTemplate.toJSON().Resources as Record<string, Resource>)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties as unknown as AlarmProps);
    expect(alarms.length - leanAlarms.length).toBe(2 * FUNCTION_NAMES.length - 2);
    // The cost model prices what the construct creates.
    expect([alarms.length, leanAlarms.length]).toEqual([alarmCount('per-function'), alarmCount('account')]);
    const lambda = leanAlarms.filter((a) => a.Namespace === 'AWS/Lambda');
    expect(lambda.map((a) => a.MetricName).sort()).toEqual(['Errors', 'Throttles']);
    for (const alarm of lambda) expect(alarm.Dimensions).toBeUndefined();
    expect(() => synthNewshound({ functionAlarms: 'some' })).toThrow(/context\.functionAlarms/);
  });

  it('subscribes the alarmEmail to the alarm topic when given', () => {
    const subscriptions = (template: SynthesizedStacks['statelessTemplate']) =>
      Object.values(template.toJSON().Resources as Record<string, Resource>).filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties?.Protocol === 'email');
    expect(subscriptions(s.statelessTemplate)).toHaveLength(0);
    const withEmail = synthNewshound({ alarmEmail: `ops@${FIXTURE_DOMAIN}` });
    expect(subscriptions(withEmail.statelessTemplate)).toEqual([{ Type: 'AWS::SNS::Subscription', Properties: expect.objectContaining({ Endpoint: `ops@${FIXTURE_DOMAIN}`, TopicArn: { Ref: logicalId(withEmail.stateless.alarmTopic) } }) }]);
  });
});

describe('the alarm topic as a notice channel', () => {
  const publishers = () =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => ((r.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement ?? []).map((st) => ({ roles: r.Properties!.Roles, ...st })))
      .filter((st) => [st.Action].flat().includes('sns:Publish'));

  it('only functions whose topology entry notifies the admins may publish to it, and only to it', () => {
    const allowed = FUNCTION_NAMES.filter((name) => entryOf(name).notifiesAdmins);
    expect(allowed).toEqual(['dispatch-polls']);
    const statements = publishers();
    expect(statements).toHaveLength(allowed.length);
    for (const name of allowed) {
      const role = { Ref: logicalId(s.stateless.functions[name].role) };
      expect(statements.find((st) => JSON.stringify(st.roles) === JSON.stringify([role]))).toMatchObject({ Action: 'sns:Publish', Resource: topicRef() });
      expect(environmentNames(name)).toContain(FunctionEnv.alarmTopicArn);
      const env = (resources[logicalId(s.stateless.functions[name].fn)]!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env[FunctionEnv.alarmTopicArn]).toEqual(topicRef());
    }
  });
});

/** Every metric of the dashboard's metric widgets: [namespace, name, ...dimension pairs], options dropped. */
function dashboard() {
  const body = JSON.parse(render(Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard')!.Properties!.DashboardBody)) as {
    widgets: { type: string; properties: { title: string; metrics?: unknown[][]; query?: string } }[];
  };
  const metrics = body.widgets.flatMap((w) => (w.properties.metrics ?? []).map((m) => m.filter((part) => typeof part === 'string') as string[]).filter((m) => m.length > 0));
  return { widgets: body.widgets, metrics };
}

describe('the dashboard', () => {
  it('has the widgets an admin looks for', () => {
    expect(dashboard().widgets.map((w) => w.properties.title)).toEqual([
      'Polls and the 304 share',
      'New articles',
      'Feeds failing for over 24 h',
      'Matches per topic (poll-feed logs)',
      'Deliveries per channel',
      'Alert latency, poll → provider (p95, p50)',
      'Dead letters (newshound dlq show <queue>)',
      'Function errors and throttles',
      'SES reputation and halted senders',
    ]);
  });

  it('reads only custom metrics the code emits, by the dimensions it emits them with, and every one of them', () => {
    const custom = dashboard().metrics.filter((m) => m[0] === METRICS_NAMESPACE);
    const catalogue = Object.values(METRICS);
    for (const [, name, ...dimensions] of custom) {
      const entry = catalogue.find((m) => m.name === name);
      expect(entry, `${name} is not in shared/topology/metrics.ts`).toBeDefined();
      if (entry!.emittedBy.length === 0) expect(dimensions, name).toEqual([]);
      else {
        expect(dimensions[0], name).toBe('service');
        expect(entry!.emittedBy, `${name} by ${dimensions[1]}`).toContain(dimensions[1]);
        expect(dimensions, name).toHaveLength(2);
      }
    }
    for (const entry of catalogue) {
      const shown = custom.filter((m) => m[1] === entry.name).map((m) => m[3]);
      expect([...new Set(shown)].sort(), entry.name).toEqual(entry.emittedBy.length ? [...entry.emittedBy].sort() : [undefined]);
    }
  });

  it('computes the 304 share from Polls and PollsNotModified', () => {
    const widget = dashboard().widgets.find((w) => w.properties.title === 'Polls and the 304 share')!;
    const ids = Object.fromEntries(widget.properties.metrics!.filter((m) => typeof m[1] === 'string').map((m) => [(m.at(-1) as { id?: string }).id, m[1]]));
    const expression = widget.properties.metrics!.map((m) => m[0] as { expression?: string }).find((m) => m.expression)!.expression!;
    const [numerator, denominator] = /^100 \* (\w+) \/ (\w+)$/.exec(expression)!.slice(1);
    expect([ids[numerator!], ids[denominator!]]).toEqual([METRICS.pollsNotModified.name, METRICS.polls.name]);
  });

  it('counts matches per topic from the lines poll-feed logs, in its log group', () => {
    const query = dashboard().widgets.find((w) => w.type === 'log')!.properties.query!;
    expect(query).toContain(`SOURCE '<Ref:${logGroupRef('poll-feed').Ref}>'`);
    expect(query).toContain(`filter message = "${LOG_EVENTS.matched.message}"`);
    expect(query).toContain(`stats sum(${LOG_EVENTS.matched.fields.matches}) as matches by ${LOG_EVENTS.matched.fields.topicId}`);
  });

  it('shows every dead-letter queue and every function\'s errors and throttles', () => {
    const { metrics } = dashboard();
    expect(metrics.filter((m) => m[1] === 'ApproximateNumberOfMessagesVisible')).toHaveLength(QUEUE_NAMES.length + 1);
    for (const metricName of ['Errors', 'Throttles']) expect(metrics.filter((m) => m[0] === 'AWS/Lambda' && m[1] === metricName)).toHaveLength(FUNCTION_NAMES.length);
    expect(metrics.filter((m) => m[0] === 'AWS/SES').map((m) => m[1]).sort()).toEqual(['Reputation.BounceRate', 'Reputation.ComplaintRate']);
  });
});
