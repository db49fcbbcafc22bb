/**
 * The code emits exactly the metrics of shared/topology/metrics.ts, by the names, units and `service` dimension the
 * stack's alarms and dashboard read (test/infra/monitoring.test.ts holds the stack to the same list): the real
 * handlers run on their own compositions with the Metrics instance Lambda gives them, and their EMF is read back.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { MemoryPushInbox } from '../../support/memory-push-inbox.js';
import { join, relative } from 'node:path';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { inProcessFeedParser } from '../../support/in-process-feed-parser.js';
import { LabelStories } from '../../support/label-stories.js';
import { makeHandler as pollFeedHandler } from '../../../functions/poll-feed/handler.js';
import { makeHandler as sendEmailHandler } from '../../../functions/send-email/handler.js';
import { sampleConfig } from '../../../infra/config/index.js';
import { PROJECT_ROOT } from '../../../infra/constructs/project-root.js';
import type { ArticleMatchesHandedOn } from '../../../shared/domain/messages.js';
import { compileTopics } from '../../../shared/domain/topics/index.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../../../shared/ports/feed-fetcher.js';
import type { Mailer } from '../../../shared/ports/senders.js';
import { pollFeedDefinition } from '../../../shared/runtime/composition/poll-feed.js';
import { sendEmailDefinition } from '../../../shared/runtime/composition/send-email.js';
import { observability } from '../../../shared/runtime/lambda-handler.js';
import type { FunctionName } from '../../../shared/topology/functions.js';
import { LOG_EVENTS, METRICS, METRICS_NAMESPACE } from '../../../shared/topology/metrics.js';
import { rssFeed } from '../../support/feed-builder.js';
import { anArticle, aSubscriber } from '../../support/factories.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryEventSourceSwitch } from '../../support/memory-sender-halts.js';
import { MemoryQueue } from '../../support/memory-stores.js';
import { composeWith, memoryTable } from '../../support/test-ports.js';

type Emf = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

/** What the EMF document says each metric is: namespace, name, unit, dimensions and their values; and the values. */
function emitted(metrics: Metrics) {
  const blob = metrics.serializeMetrics() as unknown as Emf;
  return blob._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Metrics.map((m) => ({
      namespace: directive.Namespace,
      name: m.Name,
      unit: m.Unit,
      dimensions: Object.fromEntries(directive.Dimensions.flat().map((d) => [d, blob[d]])),
      values: [blob[m.Name]].flat() as number[],
    })),
  );
}

/** Holds every emitted metric to the catalogue entry of the same name, emitted by this function. */
function expectCatalogued(fn: FunctionName, metrics: ReturnType<typeof emitted>) {
  for (const metric of metrics) {
    const entry = Object.values(METRICS).find((m) => m.name === metric.name);
    expect(entry, `${metric.name} is not in shared/topology/metrics.ts`).toBeDefined();
    expect(metric, metric.name).toMatchObject({ namespace: METRICS_NAMESPACE, unit: entry!.unit, dimensions: { service: fn } });
    expect(Object.keys(metric.dimensions), metric.name).toEqual(['service']);
    expect(entry!.emittedBy as readonly string[], metric.name).toContain(fn);
  }
}

/** Answers per URL: "304" a 304, "broken" a 500, otherwise one new CSTO article. */
class ScriptedFetcher implements FeedFetcher {
  async fetch(req: FetchRequest): Promise<FetchResult> {
    if (req.url.includes('304')) return { status: 'not-modified', httpStatus: 304, headers: {} };
    if (req.url.includes('broken')) return { status: 'error', httpStatus: 500, reason: 'HTTP 500', headers: {}, kind: 'http' };
    const body = rssFeed({ title: 'Source', items: [{ id: `${req.url}#1`, title: 'CSTO summit opens', link: `${req.url}/1` }] });
    return { status: 'ok', httpStatus: 200, finalUrl: req.url, body: new TextEncoder().encode(body), headers: { 'content-type': 'application/rss+xml' } };
  }
}

describe('the metric catalogue, as the code emits it', () => {
  it('is the only way metrics are added: no addMetric call outside shared/runtime/emit-metric.ts', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
    const callers = ['shared', 'functions'].flatMap((d) => files(join(PROJECT_ROOT, d))).filter((f) => readFileSync(f, 'utf8').includes('.addMetric('));
    expect(callers.map((f) => relative(PROJECT_ROOT, f))).toEqual(['shared/runtime/emit-metric.ts']);
  });

  it('poll-feed: Polls, PollsNotModified, PollFailed and NewArticles, and one "matched" line per topic', async () => {
    const clock = new ManualClock();
    const config = sampleConfig({
      feeds: [
        { id: 'fresh', url: 'https://fresh.example/feed' },
        { id: 'same', url: 'https://304.example/feed' },
        { id: 'broken', url: 'https://broken.example/feed' },
      ],
    });
    const { metrics } = observability('poll-feed');
    const lines: { message: string; extra: Record<string, unknown> }[] = [];
    const logger = { info: (message: string, extra: Record<string, unknown>) => lines.push({ message, extra }), debug: () => {}, warn: () => {}, error: () => {} };
    const deps = await composeWith(pollFeedDefinition, {
      config,
      clock,
      world: { table: memoryTable(clock), fetcher: new ScriptedFetcher(), feedParser: inProcessFeedParser(), topics: compileTopics(config.topics), stories: new LabelStories(), inbox: new MemoryPushInbox() },
      queues: { 'fan-out': new MemoryQueue<ArticleMatchesHandedOn>('fan-out', clock.now) },
      metrics,
      logger: logger as never,
    });
    const handle = pollFeedHandler(deps);
    for (const feedId of ['fresh', 'same', 'broken']) await handle({ feedId }, { receiveCount: 1, requestId: 'r1' });

    const found = emitted(metrics);
    expectCatalogued('poll-feed', found);
    expect(Object.fromEntries(found.map((m) => [m.name, m.values]))).toEqual({
      [METRICS.polls.name]: [1, 1, 1],
      [METRICS.newArticles.name]: [1],
      [METRICS.pollsNotModified.name]: [1],
      [METRICS.pollFailed.name]: [1],
    });
    const matched = lines.filter((l) => l.message === LOG_EVENTS.matched.message);
    expect(matched.map((l) => l.extra)).toEqual([{ feedId: 'fresh', [LOG_EVENTS.matched.fields.topicId]: 'csto', [LOG_EVENTS.matched.fields.matches]: 1 }]);
  });

  it('send-email: AlertsSent for every message, AlertLatency (poll that saw it → accepted) for instant alerts only', async () => {
    const clock = new ManualClock('2026-11-20T10:00:00.000Z');
    const table = memoryTable(clock);
    const mailer: Mailer = { send: async () => ({ messageId: 'ses-1' }) };
    const { metrics } = observability('send-email');
    const deps = await composeWith(sendEmailDefinition, { config: sampleConfig(), clock, secrets: { signingKey: 'k'.repeat(40) }, world: { stories: new LabelStories(), table, mailer, eventSource: new MemoryEventSourceSwitch() }, metrics });
    const handle = sendEmailHandler(deps);
    const article = anArticle({ firstSeen: '2026-11-20T09:57:30.000Z' });
    await table.articles.putIfAbsent(article);
    await table.subscribers.put(aSubscriber({ id: 'now', email: 'now@example.org' }));
    await table.subscribers.put(aSubscriber({ id: 'later', email: 'later@example.org', mode: 'digest' }));
    const matches = [{ topicId: 'csto', terms: [] }];

    expect(await handle({ subscriberId: 'now', channel: 'email', articleId: article.id, matches }, { receiveCount: 1, requestId: 'r1' })).toEqual({ kind: 'done', detail: 'sent' });
    // Already sent: no second count.
    expect(await handle({ subscriberId: 'now', channel: 'email', articleId: article.id, matches }, { receiveCount: 1, requestId: 'r2' })).toMatchObject({ kind: 'done', detail: 'already-sent' });
    // A digest subscriber's alert is held, then goes out as a digest: counted, no latency.
    await handle({ subscriberId: 'later', channel: 'email', articleId: article.id, matches }, { receiveCount: 1, requestId: 'r3' });
    const [batch] = await table.digests.listDue(new Date('2100-01-01T00:00:00.000Z'), new Date('2100-01-01T00:00:00.000Z'), 10);
    expect(await handle({ subscriberId: 'later', channel: 'email', articleId: article.id, matches, digestSlot: batch!.slot }, { receiveCount: 1, requestId: 'r4' })).toEqual({ kind: 'done', detail: 'sent' });

    const found = emitted(metrics);
    expectCatalogued('send-email', found);
    expect(Object.fromEntries(found.map((m) => [m.name, m.values]))).toEqual({ [METRICS.alertsSent.name]: [1, 1], [METRICS.alertLatency.name]: [150_000] });
  });
});
