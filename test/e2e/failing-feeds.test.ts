/**
 * Feeds failing for longer than monitoring.failingFeedHours, on the local topology: the real poll-feed records the
 * failure, the real dispatch-polls (invoked as its schedule does) finds it past the threshold and publishes one
 * message to the alarm topic through the IAM-checking gateway, which an email subscriber would read; the next tick
 * says nothing more, and the recovery is told once. The grant comes from the topology: without it the call is
 * denied, and the polls still go out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import type { StackTemplate } from '../../infra/local/aws/local-deployment.js';
import { METRICS, METRICS_NAMESPACE } from '../../shared/topology/metrics.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const steadyXml = rssFeed({ title: 'Steady', items: [{ title: 'Weather report', link: 'https://steady.example/1', id: 's-1' }] });
const wireXml = rssFeed({ title: 'Wire', items: [{ title: 'Markets open', link: 'https://wire.example/1', id: 'w-1' }] });
const HOUR = 3_600_000;

describe('feeds failing for longer than the threshold', () => {
  let system: TestSystem | undefined;
  let feeds: Awaited<ReturnType<typeof startFeedServer>> | undefined;
  afterEach(async () => {
    await system?.stop();
    await feeds?.close();
  });

  const start = async (editTemplates?: (stacks: StackTemplate[]) => void) => {
    // /wire.xml is not served yet: every poll of it fails with a 404.
    feeds = await startFeedServer({ '/steady.xml': { body: steadyXml } });
    system = await startTestSystem({
      config: testStage({ feeds: [{ id: 'steady', url: `${feeds.url}/steady.xml` }, { id: 'wire', title: 'Wire', url: `${feeds.url}/wire.xml` }] }),
      ...(editTemplates ? { editTemplates } : {}),
    });
    return system;
  };
  /** As if the feed had been failing since `hours` ago: the stored state's failingSince moves back. */
  const failingFor = async (s: TestSystem, feedId: string, hours: number) => {
    const state = (await s.context.stores.feedStates.get(feedId))!;
    expect(state.failingSince).toBeDefined();
    await s.context.stores.feedStates.put({ ...state, failingSince: new Date(Date.now() - hours * HOUR).toISOString() });
  };
  /** dispatch-polls as its schedule invokes it. */
  const tick = async (s: TestSystem) => {
    const result = await s.cloud.lambda.invoke('dispatch-polls', { scheduledTime: new Date().toISOString() });
    if (!result.ok) throw new Error(`dispatch-polls: ${result.error.errorMessage}`);
    return result.result as { dispatched: number; failingFeeds?: number };
  };
  const notices = (s: TestSystem) => s.cloud.sns.messages(s.cloud.alarmTopicArn);

  it('sends one message naming the feed and its last error, nothing more while it fails, and one when it recovers', { timeout: 180_000 }, async () => {
    const s = await start();
    expect(s.cloud.alarmTopicArn).toMatch(/^arn:aws:sns:/);
    const first = await runCycle(s);
    expect(first.feedErrors).toEqual([{ feedId: 'wire', error: 'HTTP 404' }]);

    // Failing, but not for long enough yet.
    expect(await tick(s)).toMatchObject({ failingFeeds: 0 });
    expect(notices(s)).toEqual([]);

    await failingFor(s, 'wire', 25);
    expect(await tick(s)).toMatchObject({ failingFeeds: 1 });
    expect(notices(s)).toHaveLength(1);
    const [notice] = notices(s);
    expect(notice!.subject).toBe('newshound local: 1 feed failing for over 24 h');
    expect(notice!.message).toContain(`- wire (Wire): ${feeds!.url}/wire.xml`);
    expect(notice!.message).toMatch(/failing since \S+ \(25 h\), 1 failed poll in a row/);
    expect(notice!.message).toMatch(/last error at \S+ \[404\]: HTTP 404/);
    expect(notice!.message).toContain('`newshound doctor`');

    // The same set on the next ticks: no second message.
    expect(await tick(s)).toMatchObject({ failingFeeds: 1 });
    expect(await tick(s)).toMatchObject({ failingFeeds: 1 });
    expect(notices(s)).toHaveLength(1);

    // The publisher fixes the feed; a poll succeeds; the next tick says so, once.
    feeds!.files['/wire.xml'] = { body: wireXml };
    const fixed = await runCycle(s);
    expect(fixed.feedErrors).toEqual([]);
    expect(await tick(s)).toMatchObject({ failingFeeds: 0 });
    expect(await tick(s)).toMatchObject({ failingFeeds: 0 });
    expect(notices(s).map((n) => n.subject)).toEqual(['newshound local: 1 feed failing for over 24 h', 'newshound local: no feed failing for over 24 h any more']);
    expect(notices(s)[1]!.message).toContain('Recovered or removed since the last notice: wire.');

    // A copy of each in the outbox folder, as for emails and Telegram messages.
    const copies = readdirSync(s.context.outboxDir).filter((f) => f.includes('-notice-'));
    expect(copies.map((f) => (JSON.parse(readFileSync(path.join(s.context.outboxDir, f), 'utf8')) as { subject: string }).subject).sort()).toEqual(notices(s).map((n) => n.subject).sort());

    // And on the status page, latest first.
    const status = (await (await fetch(`${s.context.urls.app}/status.json`)).json()) as { notices: { subject: string }[] };
    expect(status.notices.map((n) => n.subject)).toEqual(['newshound local: no feed failing for over 24 h any more', 'newshound local: 1 feed failing for over 24 h']);
    expect(await (await fetch(`${s.context.urls.app}/`)).text()).toContain(`<pre>1 feed has been failing for over 24 h (new: wire):\n\n- wire (Wire): ${feeds!.url}/wire.xml`);

    // The count reaches CloudWatch as the catalogued metric, from the function's own EMF lines.
    const emitted = s.context.logs
      .since(0)
      .filter((l) => l.function === 'dispatch-polls' && l.json?._aws)
      .map((l) => l.json as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }; service: string } & Record<string, unknown>);
    expect(emitted.length).toBeGreaterThanOrEqual(6);
    for (const blob of emitted) {
      expect(blob._aws.CloudWatchMetrics).toEqual([{ Namespace: METRICS_NAMESPACE, Dimensions: [['service']], Metrics: [{ Name: METRICS.feedsFailing.name, Unit: 'Count' }] }]);
      expect(blob.service).toBe('dispatch-polls');
    }
    expect(emitted.map((b) => b[METRICS.feedsFailing.name])).toEqual([0, 1, 1, 1, 0, 0]);
    expectOnlyAllowedCalls(s);
  });

  it('without the topology\'s grant the notice is denied by name, and the polls are queued all the same', { timeout: 180_000 }, async () => {
    let removed = 0;
    const s = await start((stacks) => {
      for (const { template } of stacks) {
        for (const [id, resource] of Object.entries(template.Resources)) {
          if (resource.Type !== 'AWS::IAM::Policy' || !id.startsWith('DispatchPollsRole')) continue;
          const document = resource.Properties!.PolicyDocument as { Statement: { Action: string | string[] }[] };
          const before = document.Statement.length;
          document.Statement = document.Statement.filter((st) => ![st.Action].flat().includes('sns:Publish'));
          removed += before - document.Statement.length;
        }
      }
    });
    expect(removed).toBe(1);
    await runCycle(s);
    await failingFor(s, 'wire', 30);
    const result = await tick(s);
    expect(result).not.toHaveProperty('failingFeeds');
    expect(notices(s)).toEqual([]);
    expect(() => expectOnlyAllowedCalls(s)).toThrow(`dispatch-polls may not sns:Publish on ${s.cloud.alarmTopicArn}`);
    expect(s.context.logs.since(0).some((l) => l.function === 'dispatch-polls' && l.level === 'ERROR' && l.message === 'cannot report the failing feeds; the next tick tries again')).toBe(true);
  });
});
