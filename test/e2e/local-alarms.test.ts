/**
 * The local status page names the stack's alarms that would fire, read from the synthesized template and measured on
 * the local topology: a message parked in a dead-letter queue, a sender that halted. Each comes with its description,
 * which says what to run.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import { LOCAL_ACCOUNT } from '../../infra/local/aws/local-deployment.js';
import { alarmCount } from '../../infra/constructs/alarm-count.js';
import { QUEUE_NAMES } from '../../shared/topology/queues.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const feedXml = rssFeed({ title: 'Wire', items: [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' }] });

interface Status {
  alarms: { firing: { name: string; value: number; threshold: number; description: string }[]; notMeasured: string[] };
}

describe('alarms that would fire, on the local status page', () => {
  let system: TestSystem | undefined;
  let feeds: Awaited<ReturnType<typeof startFeedServer>> | undefined;
  afterEach(async () => {
    await system?.stop();
    await feeds?.close();
  });

  const status = async (s: TestSystem) => (await (await fetch(`${s.url}/status.json`)).json()) as Status;
  const page = async (s: TestSystem) => (await fetch(`${s.url}/`)).text();

  it('names a parked message\'s and a halted sender\'s alarms with what to run, and none on a healthy topology', { timeout: 180_000 }, async () => {
    feeds = await startFeedServer({ '/wire.xml': { body: feedXml } });
    const s = (system = await startTestSystem({
      config: testStage({
        feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }],
        subscribers: [{ id: 'reader', email: 'reader@example.org', topics: ['csto'], channels: ['email'] }],
      }),
    }));

    // Every alarm of the template is accounted for: the dead-letter queues' and the halted senders' are measured here.
    const healthy = await status(s);
    expect(healthy.alarms.firing).toEqual([]);
    expect(healthy.alarms.notMeasured).toHaveLength(alarmCount() - (QUEUE_NAMES.length + 1) - 1);
    expect(healthy.alarms.notMeasured).toContain('newshound-local-errors-functions');
    expect(await page(s)).toContain('<h3>Alarms that would fire</h3>\n<p>None.</p>');

    // SES pauses sending: send-email halts.
    s.cloud.sesAccount.sendingEnabled = false;
    expect(await runCycle(s)).toMatchObject({ emailsSent: 0, parked: 0 });
    // A poll for a feed the config does not have is parked with its reason.
    const pollQueue = s.cloud.deployment.queues.find((q) => /^PollQueue[0-9A-F]{8}$/.test(q.logicalId))!;
    await s.cloud.clients.sqs.send(new SendMessageCommand({ QueueUrl: `${s.cloud.urls.sqs}/${LOCAL_ACCOUNT}/${pollQueue.name}`, MessageBody: JSON.stringify({ feedId: 'gone' }) }));
    await s.cloud.lambda.drain(60);

    const { firing } = (await status(s)).alarms;
    expect(firing.map((a) => a.name).sort()).toEqual(['newshound-local-dlq-poll', 'newshound-local-sender-halted']);
    const dlq = firing.find((a) => a.name === 'newshound-local-dlq-poll')!;
    expect(dlq).toMatchObject({ value: 1, threshold: 0 });
    expect(dlq.description).toContain('`newshound dlq show poll`');
    // Its log group resolved to the local function's, as CloudWatch would show it.
    expect(dlq.description).toMatch(/poll-feed's log group: \S*PollFeed/);
    const halted = firing.find((a) => a.name === 'newshound-local-sender-halted')!;
    expect(halted).toMatchObject({ value: 1, threshold: 0 });
    expect(halted.description).toContain('`newshound doctor`');

    // On the page, escaped: the description's quotes come out as entities.
    const html = await page(s);
    expect(html).toContain('<td>newshound-local-sender-halted</td><td>1 (alarms over 0)</td>');
    expect(html).toContain('the line &quot;ALARM consumer halted&quot;');
    expect(html).not.toContain('"ALARM consumer halted"');
    expectOnlyAllowedCalls(s);
  });
});
