/**
 * `npm start`: the whole newshound system on this machine, no AWS account needed.
 *   npm start                      run continuously (Ctrl-C to stop)
 *   npm start -- --once [--json]   one full cycle, a summary, exit
 *   --data DIR                     data folder (default: ./data, git-ignored)
 *   --port N                       app server port (SES and the Telegram stand-in take N+1, N+2)
 *   --feeds FILE [--no-samples]    poll the feeds a JSON file lists too (or instead of the samples)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sampleFeedIds } from '../config/feeds.js';
import { localConfigInput, type LocalFeedOptions } from '../config/index.js';
import { type CycleSummary, runCycle } from './cycle.js';
import { InUseError } from './in-use.js';
import { FeedsFileError, readFeedsFile } from './feeds-file.js';
import { pollNow } from './poll-now.js';
import { PRIVATE_UMASK } from './private-folder.js';
import { startLocalSystem } from './system.js';

// Everything written from here on (dynalite's, fauxqs's and DynamoDB Local's files too) is readable by this user only.
process.umask(PRIVATE_UMASK);

const usage = `Usage: npm start -- [--once] [--json] [--data DIR] [--port N] [--feeds FILE] [--no-samples]

  --once       run one full cycle (poll, match, store, deliver, rebuild feeds), print a summary, exit
  --json       with --once: the last line of stdout is the summary as one JSON object
  --data DIR   data folder (default: data/ in the project)
  --port N     port of the local web server (default 8780; SES uses N+1, Telegram stand-in N+2; 0: any free ports)
  --feeds FILE poll your own feeds too: a JSON array [{"id": "my-feed", "url": "https://example.org/feed.xml"}]
               (optional "title", "enabled": false, and "fullText": "auto" | "always" | "never"), checked as
               the config checks its feeds
  --no-samples leave out the sample feeds (world-wire, kavkaz-lenta, excerpt-wire)

Environment:
  NEWSHOUND_DYNAMODB             dynalite (default) or dynamodb-local
  NEWSHOUND_TELEGRAM_BOT_TOKEN   a real bot token: Telegram messages go to the real Bot API

Exit status: 0 done (--once) or stopped; 1 a cycle or the start failed; 2 bad input, a port or the data folder in use.`;

function parse() {
  try {
    return parseArgs({
      options: {
        once: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        data: { type: 'string' },
        port: { type: 'string', default: '8780' },
        feeds: { type: 'string' },
        samples: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowNegative: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}

const args = parse();
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65533) {
  console.error(`--port must be a whole number from 0 to 65533, got "${args.port}"`);
  process.exit(2);
}
const projectRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dataDir = path.resolve(args.data ?? path.join(projectRoot, 'data'));
// With --json, human lines go to stderr so stdout ends with exactly one JSON object.
const say = args.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

let feedOptions: LocalFeedOptions = { samples: args.samples };
try {
  if (args.feeds) feedOptions = { ...feedOptions, feeds: readFeedsFile(path.resolve(args.feeds), args.samples ? sampleFeedIds : []) };
} catch (error) {
  console.error(`newshound: ${error instanceof FeedsFileError ? error.message : String(error)}`);
  process.exit(2);
}
if (feedOptions.samples === false && !feedOptions.feeds?.length) {
  console.error('newshound: --no-samples leaves no feed to poll: give your own with --feeds FILE');
  process.exit(2);
}

const system = await startLocalSystem({ dataDir, port, log: say, owner: args.once ? 'npm start -- --once' : 'npm start', config: (urls) => localConfigInput(urls, feedOptions) }).catch((error: unknown) => {
  // A port or the data folder taken by another process: one line that says what to do.
  if (error instanceof InUseError) {
    console.error(`newshound: ${error.message}`);
    process.exit(2);
  }
  console.error(`newshound: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const { urls } = system.context;
say(`newshound local runtime (data: ${dataDir})
  status page        ${urls.app}/
  syndicated feeds   ${urls.app}/feeds/index.html
  sample feeds       ${args.samples ? `${urls.app}/samples/world-wire.xml, ${urls.app}/samples/kavkaz-lenta.xml` : 'left out (--no-samples)'}
  polled feeds       ${system.context.config.feeds.map((f) => f.id).join(', ')}
  subscribe page     ${urls.app}/subscribe
  emails (SES)       ${urls.ses}/
  Telegram stand-in  ${urls.telegram}/  (talk to the bot: ${urls.telegram}/chat)
  DynamoDB (${system.cloud.engine.padEnd(8)}) ${urls.dynamodb}
  AWS APIs (gateway) ${urls.gateway}  (the functions' AWS_ENDPOINT_URL; every call checked against its role)
  functions          ${system.cloud.deployment.functions.length} from the synthesized stacks, each with its template's environment`);

if (args.once) {
  let code = 0;
  try {
    const summary = await runCycle(system);
    say(humanSummary(summary));
    if (args.json) {
      const { feedsPolled, newArticles, matches, alertedStories, emailsSent, telegramSent, feedsWritten, outbox } = summary;
      console.log(JSON.stringify({ feedsPolled, newArticles, matches, alertedStories, emailsSent, telegramSent, feedsWritten, outbox }));
    }
  } catch (error) {
    console.error(`newshound: cycle failed: ${error instanceof Error ? error.stack : String(error)}`);
    code = 1;
  }
  await system.close();
  process.exit(code);
}

system.cloud.lambda.start();
// Every feed is read at start, as an admin's "poll now": next-poll times an earlier run stored (a day away for a feed
// whose items were old) would otherwise hold back what the feeds published meanwhile.
await pollNow(system.cloud).catch((error: unknown) => say(`newshound: the first poll of every feed failed: ${error instanceof Error ? error.message : String(error)}`));
// Once those polls found the hubs feeds announce (the samples announce the local stand-in), subscribe now rather than
// at websub-subscribe's first scheduled run, 15 minutes on.
void system.cloud.lambda
  .drain(60)
  .then(() => system.cloud.lambda.invoke('websub-subscribe', { scheduledTime: new Date().toISOString() }))
  .catch((error: unknown) => say(`newshound: subscribing to WebSub hubs failed: ${error instanceof Error ? error.message : String(error)}`));
say(`Running: schedules, queues and the HTTP API as deployed; every feed polled now. Poll one again with the status page's
"Poll now" button or: npx newshound poll <feedId> --local ${localDirArgument(dataDir)}
Press Ctrl-C to stop.`);
const shutdown = async () => {
  say('\nstopping…');
  await system.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

/** The data folder as `--local` takes it from here: relative when it is under this folder (`data` by default). */
function localDirArgument(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir;
}

function humanSummary(s: CycleSummary): string {
  const matches = Object.entries(s.matches).map(([t, n]) => `${t}: ${n}`).join(', ') || 'none';
  const alerted = Object.entries(s.alertedStories).map(([t, n]) => `${t}: ${n}`).join(', ') || 'none';
  const errors = s.feedErrors.map((e) => `\n  feed ${e.feedId} failed: ${e.error}`).join('');
  return `
Cycle done.
  feeds polled       ${s.feedsPolled}
  new articles       ${s.newArticles}
  new matches        ${matches}
  stories alerted    ${alerted}  (a topic alerts once per story)
  emails sent        ${s.emailsSent}
  Telegram sent      ${s.telegramSent}
  webhooks sent      ${s.webhooksSent}
  parked deliveries  ${s.parked}
  feeds written      ${s.feedsWritten.length}${s.feedsWritten.length ? ` (${s.feedsWritten.slice(0, 6).join(', ')}${s.feedsWritten.length > 6 ? ', …' : ''})` : ''}
  outbox             ${s.outbox}${errors}`;
}
