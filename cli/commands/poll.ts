import { InvokeCommand } from '@aws-sdk/client-lambda';
import { DynamoFeedStateStore } from '../../shared/adapters/dynamodb/index.js';
import type { FeedState } from '../../shared/domain/feed-source.js';
import { TARGET_USAGE } from '../admin/options.js';
import { oneLine } from '../admin/report.js';
import { type AdminSession, runAdminCommand } from '../admin/session.js';
import { UsageError } from '../command-line.js';

export const summary = 'Poll one feed now (through dispatch-polls and the poll queue) and report the outcome';

const usage = `Usage: newshound poll <feedId> [--wait SECONDS] [options]

  <feedId>          a configured feed
  --wait SECONDS    how long to wait for the poll's outcome (default 120; 0: queue it and return)

Invokes the dispatch-polls function with {"force": true, "feedIds": [<feedId>]}: it queues a forced poll, which
poll-feed runs as it runs any other; the outcome is read from the feed's state in the table.

Options:
${TARGET_USAGE}`;

export function run(argv: string[]): Promise<number> {
  return runAdminCommand(
    {
      name: 'poll',
      usage,
      options: { wait: { type: 'string', default: '120' } },
      checkPositionals: (p) => (p.length !== 1 ? (p.length ? `poll takes one feed id, got ${p.length}` : 'which feed? newshound poll <feedId>') : undefined),
      async run(session, { values, positionals }) {
        const waitSeconds = Number(values.wait);
        if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError(`--wait must be a number of seconds, got "${String(values.wait)}"`);
        return pollNow(session, positionals[0]!, waitSeconds);
      },
    },
    argv,
  );
}

async function pollNow(session: AdminSession, feedId: string, waitSeconds: number): Promise<number> {
  const store = new DynamoFeedStateStore(session.clients.dynamo, session.stack.tableName());
  const say = (ok: boolean, text: string, state?: FeedState) => {
    console.log(session.json ? JSON.stringify({ feedId, ok, message: text, ...(state ? { state } : {}) }) : text);
    return ok ? 0 : 1;
  };
  const deadline = Date.now() + waitSeconds * 1000;
  const stopped = await store.get(feedId);
  if (stopped?.disabled) return say(false, `${feedId} is stopped: ${oneLine(stopped.disabledReason ?? 'disabled')}`, stopped);

  // A poll that holds the feed's lease (a scheduled poll keeps it until it lapses) would make a forced one skip.
  const held = waitSeconds > 0 ? await store.leaseHeldUntil(feedId, new Date()) : undefined;
  if (held) {
    if (Date.parse(held) > deadline) return say(false, `${feedId}: another poll holds the feed until ${held}; run newshound poll ${feedId} again then (or pass a longer --wait)`);
    if (!session.json) console.error(`${feedId}: another poll holds the feed until ${held}; waiting for it to lapse`);
    await sleep(Date.parse(held) - Date.now() + 1000);
  }
  const before = await store.get(feedId);

  const answer = await session.clients.lambda.send(
    new InvokeCommand({ FunctionName: session.stack.functionName('dispatch-polls'), Payload: Buffer.from(JSON.stringify({ force: true, feedIds: [feedId] })) }),
  );
  const payload = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : '';
  if (answer.FunctionError) {
    const message = (JSON.parse(payload || '{}') as { errorMessage?: string }).errorMessage ?? payload;
    if (/^unknown feed/.test(message)) throw new UsageError(oneLine(message));
    return say(false, `dispatch-polls failed: ${oneLine(message)}`);
  }
  const { dispatched } = JSON.parse(payload || '{}') as { dispatched?: number };
  if (!dispatched) return say(false, `${feedId} is disabled in the deployed config: nothing was queued`);
  if (waitSeconds === 0) return say(true, `${feedId}: poll queued`);

  for (;;) {
    const state = await store.get(feedId);
    const polled = state && (state.pollNumber ?? 0) > (before?.pollNumber ?? 0);
    if (polled && !(await store.leaseHeldUntil(feedId, new Date()))) return report(say, feedId, state);
    if (Date.now() >= deadline) {
      return say(false, `${feedId}: poll queued, but no outcome within ${waitSeconds} s (the poll queue may be backed up: newshound dlq list; or try a longer --wait)`, state);
    }
    await sleep(500);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function report(say: (ok: boolean, text: string, state?: FeedState) => number, feedId: string, state: FeedState): number {
  const succeeded = state.lastSuccessAt !== undefined && state.lastSuccessAt === state.lastPolledAt;
  const next = state.nextPollAt ? `; next poll ${state.nextPollAt}${state.nextPollBasis ? ` (${state.nextPollBasis})` : ''}` : '';
  if (!succeeded) {
    return say(false, `${feedId}: poll ${state.pollNumber} failed (${state.lastStatus ?? 'error'}): ${oneLine(state.lastError ?? 'no error recorded')}; ${state.consecutiveFailures} failure${state.consecutiveFailures === 1 ? '' : 's'} in a row${next}`, state);
  }
  const news = state.lastNewItemsAt === state.lastPolledAt ? 'new articles stored' : 'nothing new';
  const status = state.lastStatus === '304' ? '304 not modified' : `HTTP ${state.lastStatus ?? '200'}`;
  return say(true, `${feedId}: polled (poll ${state.pollNumber}) at ${state.lastPolledAt}: ${status}, ${news}${next}`, state);
}
