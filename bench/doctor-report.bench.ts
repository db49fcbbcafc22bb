/**
 * What `newshound doctor` says about the local topology: fresh, then after breaking one thing of each kind the issue
 * lists (one at a time, each kept broken), and the whole report at the end. Things are broken as the e2e test breaks
 * them: through the AWS APIs an admin would use (Scheduler, SNS, SQS, SSM Parameter Store, the Bot API) where there is one,
 * else in the local emulators' state (SES identities and sandbox) or the table (a feed failing for two days).
 * Prints the reports as an admin sees them; the figures are each step's exit code, the checks needing action and how
 * long a doctor run took.
 *
 * `npm run bench -- --only doctor-report`
 */
import { GetScheduleCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { run as doctor } from '../cli/commands/doctor.js';
import { LOCAL_ADMIN } from '../infra/local/aws/local-manifest.js';
import { LOCAL_REGION } from '../infra/local/aws/local-deployment.js';
import { TelegramBotAdmin } from '../shared/adapters/telegram/telegram-bot-admin.js';
import { startTestSystem, testStage } from '../test/e2e/support/local-system.js';
import { rssFeed } from '../test/support/feed-builder.js';
import { startFeedServer } from '../test/support/feed-server.js';
import type { BenchFigures, BenchOptions } from './run.js';

const DAY_MS = 24 * 3600 * 1000;

interface JsonReport {
  needsAction: string[];
  checks: { id: string; title: string }[];
}

/** Runs the command in this process, as `newshound doctor <argv>` would, returning what it printed. */
async function captured(argv: string[]): Promise<{ code: number; stdout: string; ms: number }> {
  const out: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void out.push(parts.join(' '));
  const started = performance.now();
  try {
    const code = await doctor(argv);
    return { code, stdout: out.join('\n'), ms: performance.now() - started };
  } finally {
    console.log = log;
  }
}

/** The lines of the plain report that belong to the checks with these titles (the check's line and those under it). */
function linesOf(report: string, titles: string[]): string[] {
  const lines: string[] = [];
  let keep = false;
  for (const line of report.split('\n')) {
    const head = /^ {2}(ok|ACTION) +(.+?) {2}/.exec(line);
    if (head) keep = titles.includes(head[2]!);
    else if (!/^ {6,}/.test(line)) keep = false;
    if (keep) lines.push(line);
  }
  return lines;
}

export default async function doctorReport({ log }: BenchOptions): Promise<BenchFigures> {
  const feeds = await startFeedServer({
    '/wire.xml': { body: rssFeed({ title: 'Wire', items: [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' }] }) },
    '/other.xml': { body: rssFeed({ title: 'Other', items: [{ title: 'Weather', link: 'https://other.example/weather', id: 'o-1' }] }) },
  });
  const system = await startTestSystem({
    config: testStage({
      feeds: [
        { id: 'wire', url: `${feeds.url}/wire.xml` },
        { id: 'other', url: `${feeds.url}/other.xml` },
      ],
    }),
  });
  const config = { region: LOCAL_REGION, endpoint: system.cloud.urls.gateway, credentials: { ...LOCAL_ADMIN } };
  const admin = { sqs: new SQSClient(config), sns: new SNSClient(config), scheduler: new SchedulerClient(config), ssm: new SSMClient(config) };
  try {
    system.cloud.lambda.start({ schedules: false });
    const local = ['--local', system.dataDir];
    const { deployment, parameters } = system.cloud;
    const tokenParameter = system.cloud.secretParameter('telegramBotToken');
    const bot = () => new TelegramBotAdmin({ botToken: parameters.value(tokenParameter)!, apiBase: system.telegram.url });
    const alarmTopic = deployment.topics.find((t) => t.logicalId.startsWith('Alarms'))!.arn;
    const scheduleName = deployment.schedules.find((s) => s.logicalId.startsWith('DispatchPolls'))!.name;
    const publishDlq = deployment.queues.find((q) => q.logicalId.startsWith('PublishQueueDlq'))!.url;

    const steps: { broke: string; do: () => Promise<unknown> }[] = [
      {
        broke: "only the sender's domain as an SES identity, back to pending verification",
        do: async () => {
          system.cloud.sesAccount.identities.delete('alerts@newshound.test');
          system.cloud.sesAccount.identities.set('newshound.test', 'PENDING');
        },
      },
      { broke: 'the SES account in the sandbox', do: async () => (system.cloud.sesAccount.productionAccess = false) },
      { broke: "the bot's webhook deleted (deleteWebhook)", do: () => bot().deleteWebhook() },
      { broke: 'the webhook registered to another URL (setWebhook)', do: () => bot().setWebhook({ url: 'https://old.example/telegram/webhook', secretToken: 'old-secret', allowedUpdates: ['message'] }) },
      {
        broke: 'our URL registered with a stale secret token (setWebhook), so the function refuses an update',
        do: async () => {
          await bot().setWebhook({ url: deployment.outputs.TelegramWebhookUrl!, secretToken: 'stale-secret', allowedUpdates: ['message'] });
          await system.telegram.deliverUpdate({ update_id: 7, message: { message_id: 7, date: 0, chat: { id: 9001, type: 'private' }, text: '/topics' } });
        },
      },
      {
        broke: "the alarm topic's subscriber removed (Unsubscribe)",
        do: async () => {
          for (const s of (await admin.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: alarmTopic }))).Subscriptions ?? []) await admin.sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn! }));
        },
      },
      { broke: 'an alarm subscriber who has not confirmed (Subscribe, email)', do: () => admin.sns.send(new SubscribeCommand({ TopicArn: alarmTopic, Protocol: 'email', Endpoint: 'oncall@newshound.test' })) },
      {
        broke: 'the poll schedule disabled (UpdateSchedule State=DISABLED)',
        do: async () => {
          const s = await admin.scheduler.send(new GetScheduleCommand({ Name: scheduleName }));
          await admin.scheduler.send(new UpdateScheduleCommand({ Name: scheduleName, State: 'DISABLED', ScheduleExpression: s.ScheduleExpression!, FlexibleTimeWindow: s.FlexibleTimeWindow!, Target: s.Target! }));
        },
      },
      {
        broke: 'a message parked in the publish dead-letter queue',
        do: () => admin.sqs.send(new SendMessageCommand({ QueueUrl: publishDlq, MessageBody: '{"topicIds":["csto"]}', MessageAttributes: { reason: { DataType: 'String', StringValue: 'failed on 5 receives: S3 SlowDown' } } })),
      },
      {
        broke: 'a feed failing for two days (its state in the table)',
        do: () => {
          const now = Date.now();
          return system.context.stores.feedStates.put({
            feedId: 'other',
            url: `${feeds.url}/other.xml`,
            consecutiveFailures: 31,
            itemsSeen: 1,
            lastSuccessAt: new Date(now - 2 * DAY_MS).toISOString(),
            lastErrorAt: new Date(now - 60_000).toISOString(),
            lastError: 'HTTP 503 Service Unavailable',
            lastStatus: '503',
          });
        },
      },
      { broke: 'the bot token parameter deleted, as before the admin sets it (DeleteParameter)', do: () => admin.ssm.send(new DeleteParameterCommand({ Name: tokenParameter })) },
      {
        broke: 'a bot token Telegram refuses (PutParameter)',
        do: () => admin.ssm.send(new PutParameterCommand({ Name: tokenParameter, Value: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', Type: 'SecureString', Overwrite: true })),
      },
    ];

    const figures: { broke: string; exit: number; needsAction: string[]; ms: number }[] = [];
    const runDoctor = async () => {
      const plain = await captured(local);
      const json = JSON.parse((await captured([...local, '--json'])).stdout) as JsonReport;
      return { ...plain, json };
    };

    const fresh = await runDoctor();
    log('$ newshound doctor --local <data>   # a fresh local topology');
    log(fresh.stdout);
    log(`(exit ${fresh.code})`);
    figures.push({ broke: '(nothing: fresh)', exit: fresh.code, needsAction: fresh.json.needsAction, ms: Math.round(fresh.ms) });

    let before = fresh;
    for (const step of steps) {
      await step.do();
      const after = await runDoctor();
      const changed = after.json.checks.filter((c) => after.json.needsAction.includes(c.id) !== before.json.needsAction.includes(c.id) || !linesOf(before.stdout, [c.title]).every((l, i) => l === linesOf(after.stdout, [c.title])[i]));
      log(`\n# broken: ${step.broke}  → exit ${after.code}, ${after.json.needsAction.length} of ${after.json.checks.length} need action`);
      for (const line of linesOf(after.stdout, changed.map((c) => c.title))) log(line);
      figures.push({ broke: step.broke, exit: after.code, needsAction: after.json.needsAction, ms: Math.round(after.ms) });
      before = after;
    }
    log('\n$ newshound doctor --local <data>   # with all of the above broken');
    log(before.stdout);
    log(`(exit ${before.code})`);
    const times = figures.map((f) => f.ms).sort((a, b) => a - b);
    log(`\ndoctor run time on the local topology: median ${times[times.length >> 1]} ms over ${times.length} runs`);
    return { steps: figures, doctorMedianMs: times[times.length >> 1] };
  } finally {
    for (const client of Object.values(admin)) client.destroy();
    await system.stop();
    await feeds.close();
  }
}
