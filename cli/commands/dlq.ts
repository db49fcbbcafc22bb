import { oneLine } from '../admin/report.js';
import { type DeadLetterQueue, deadLetterQueues, findDeadLetterQueue } from '../admin/dead-letter-queues.js';
import { readDeadLetters, redrive } from '../admin/dead-letters.js';
import { TARGET_USAGE } from '../admin/options.js';
import { type AdminSession, runAdminCommand } from '../admin/session.js';
import { UsageError } from '../command-line.js';

export const summary = 'List dead-letter queues, show parked messages with their reasons, redrive them';

const usage = `Usage: newshound dlq list [options]
       newshound dlq show <queue> [--limit N] [options]
       newshound dlq redrive <queue> [options]

  list              every dead-letter queue with the number of messages waiting
  show <queue>      each parked message with its reason (the consumer's, Lambda's or Scheduler's) and body
  redrive <queue>   puts the messages back: to the work queue (poll, fan-out, email, telegram, webhook, publish),
                    or, for async-failures, as an asynchronous invocation of the function that failed; each is
                    deleted from the DLQ only after it was handed back (receive, send, delete)
  <queue>           poll, fan-out, email, telegram, webhook, publish, async-failures (or the DLQ's name or URL)
  --limit N         show at most N messages (default 50)

Options:
${TARGET_USAGE}`;

const ACTIONS = ['list', 'show', 'redrive'];

export function run(argv: string[]): Promise<number> {
  return runAdminCommand(
    {
      name: 'dlq',
      usage,
      options: { limit: { type: 'string', default: '50' } },
      checkPositionals([action, queue, ...rest]) {
        if (!action || !ACTIONS.includes(action)) return action ? `unknown dlq command "${action}"` : 'which dlq command?';
        if (action === 'list' ? queue !== undefined : queue === undefined || rest.length > 0) return action === 'list' ? `unexpected argument "${queue}"` : `dlq ${action} takes one queue`;
        return undefined;
      },
      async run(session, { values, positionals }) {
        const [action, name] = positionals as [string, string | undefined];
        const queues = await deadLetterQueues(session.clients, session.stack);
        if (action === 'list') return list(session, queues);
        const queue = findDeadLetterQueue(queues, name!);
        if (!queue) throw new UsageError(`unknown queue "${name}"; dead-letter queues: ${queues.map((q) => q.label).join(', ')}`);
        if (action === 'show') {
          const limit = Number(values.limit);
          if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of at least 1, got "${String(values.limit)}"`);
          return show(session, queue, limit);
        }
        return redriveQueue(session, queue);
      },
    },
    argv,
  );
}

function list(session: AdminSession, queues: DeadLetterQueue[]): number {
  const waiting = queues.filter((q) => q.depth > 0).length;
  if (session.json) {
    console.log(JSON.stringify({ target: session.target.label, queues: queues.map((q) => ({ queue: q.label, url: q.url, waiting: q.depth, ...(q.source ? { source: q.source.url } : {}) })) }));
  } else {
    const width = Math.max(...queues.map((q) => q.label.length));
    console.log(`dead-letter queues of ${session.target.label}\n`);
    for (const q of queues) console.log(`  ${q.label.padEnd(width)}  ${String(q.depth).padStart(5)} waiting  ${q.url.split('/').pop()}`);
    console.log(waiting ? `\n${waiting} queue${waiting === 1 ? '' : 's'} hold${waiting === 1 ? 's' : ''} messages: newshound dlq show <queue>` : '\nNothing waiting.');
  }
  return waiting ? 1 : 0;
}

async function show(session: AdminSession, queue: DeadLetterQueue, limit: number): Promise<number> {
  const messages = await readDeadLetters(session.clients, queue, limit);
  if (session.json) {
    console.log(JSON.stringify({ queue: queue.label, url: queue.url, messages: messages.map((m) => ({ ...m, body: parseBody(m.body) })) }));
    return messages.length ? 1 : 0;
  }
  console.log(`${queue.label} dead-letter queue: ${messages.length} message${messages.length === 1 ? '' : 's'}${messages.length === limit ? ` (first ${limit}; --limit N for more)` : ''}\n`);
  messages.forEach((m, i) => {
    console.log(`${i + 1}. ${m.id}${m.sentAt ? `  parked ${m.sentAt}` : ''}  received ${m.receiveCount}×`);
    console.log(`   reason: ${oneLine(m.reason)}`);
    if (m.target) console.log(`   target: ${m.target}`);
    const body = oneLine(m.body);
    console.log(`   body:   ${body.length > 500 ? `${body.slice(0, 500)}…` : body}`);
  });
  if (messages.length) console.log(`\nOnce the cause is fixed: newshound dlq redrive ${queue.label}`);
  return messages.length ? 1 : 0;
}

async function redriveQueue(session: AdminSession, queue: DeadLetterQueue): Promise<number> {
  const result = await redrive(session.clients, queue);
  const destination = queue.source ? `the ${queue.label} queue` : 'the functions that failed';
  if (session.json) console.log(JSON.stringify({ queue: queue.label, method: result.method, moved: result.moved, left: result.left }));
  else {
    console.log(`${queue.label}: ${result.moved} message${result.moved === 1 ? '' : 's'} back to ${destination} (${result.method}), ${result.left.length} left in the dead-letter queue`);
    for (const left of result.left) console.log(`  ${left.id}: ${oneLine(left.why)}`);
    if (result.left.length) console.log("(what was left is visible in the dead-letter queue again within half a minute)");
  }
  return result.left.length ? 1 : 0;
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
