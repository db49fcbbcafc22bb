import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Presets, SingleBar } from 'cli-progress';
import { topics as configuredTopics } from '../../infra/config/topics.js';
import { LOCAL_DEPLOYMENT_FILE, type LocalDeploymentManifest } from '../../infra/local/aws/local-manifest.js';
import { lockDataFolder } from '../../infra/local/data-folder-lock.js';
import { startDynamoEngine } from '../../infra/local/dynamodb-engine.js';
import { DynamoArticleStore } from '../../shared/adapters/dynamodb/index.js';
import type { Article } from '../../shared/domain/article.js';
import { backtestTopic, compileTopics, type BacktestResult, type TopicQuery } from '../../shared/domain/topics/index.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';
import { describeTerms } from './match.js';
import { ArgumentError, AWS_ENVIRONMENT, type CommandLine, runCommandLine, stringOption, UsageError } from '../command-line.js';

export const summary = 'Run a topic over the stored articles and show what it would have matched';

const projectRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const commandLine: CommandLine = {
  name: 'backtest',
  usage: `Usage: newshound backtest (<topicId> | --query "QUERY") [options]

  <topicId>         a topic from infra/config/topics.ts
  --query "QUERY"   an ad-hoc query instead (try a change before committing it)
  --data DIR        the local runtime's data folder (default: data/ in the project); stop \`npm start\` first,
                    or use --endpoint while it runs
  --endpoint URL    a running DynamoDB-compatible endpoint (e.g. the local runtime's dynalite)
  --table NAME      table name (default: the one \`npm start\` created, read from DIR/local-deployment.json)
  --limit N         how many of the newest matches to show (default 20)
  --json            print {"topic", "scanned", "matched", "items": [{"id", "title", "link", "published", "terms"}]}
  --progress        show the progress bar on stderr even when stdout is not a terminal
  -h, --help        this help

Environment:
  NEWSHOUND_DYNAMODB  the engine that opens --data: dynalite (default) or dynamodb-local
${AWS_ENVIRONMENT}
                                  (with --endpoint; any will do for a local one)

Exit status: 0 done; 1 the store failed; 2 bad input (arguments, a query, an unknown topic, no stored articles,
the data folder in use).`,
  options: {
    query: { type: 'string' },
    data: { type: 'string', default: path.join(projectRoot, 'data') },
    endpoint: { type: 'string' },
    table: { type: 'string' },
    limit: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
    progress: { type: 'boolean', default: false },
  },
};

/** The table `npm start` created in this data folder (its name comes from the synthesized stack). */
function localTableName(data: string): string {
  const file = path.join(path.resolve(data), LOCAL_DEPLOYMENT_FILE);
  if (!existsSync(file)) throw new UsageError(`no stored articles: ${file} does not exist (run \`npm start\` first, or pass --data, or --endpoint with --table)`);
  return (JSON.parse(readFileSync(file, 'utf8')) as LocalDeploymentManifest).tableName;
}

/** Where the stored articles come from; the one place that knows about DynamoDB and the data folder. */
export interface ArticleSource {
  pages: AsyncIterable<Article[]>;
  /** The number of stored articles, for the progress bar. */
  count(): Promise<number>;
  close(): Promise<void>;
}

export async function openArticleSource(options: { data: string; endpoint?: string; table: string }): Promise<ArticleSource> {
  let endpoint = options.endpoint;
  let stopDynalite: (() => Promise<void>) | undefined;
  if (!endpoint) {
    const folder = path.join(path.resolve(options.data), 'dynamodb');
    if (!existsSync(folder)) throw new UsageError(`no stored articles: ${folder} does not exist (run \`npm start\` first, or pass --data or --endpoint)`);
    const lock = lockDataFolder(
      path.resolve(options.data),
      'newshound backtest',
      'stop it first, or while it runs pass --endpoint with the DynamoDB URL it printed at start (and --table)',
    );
    try {
      const server = await startDynamoEngine({ path: folder });
      endpoint = server.endpoint;
      stopDynalite = async () => {
        await server.close();
        lock.release();
      };
    } catch (error) {
      lock.release();
      throw new UsageError(`cannot open ${folder} (${(error as Error).message}); if \`npm start\` is running, pass --endpoint with its DynamoDB URL`);
    }
  }
  const { client, doc } = makeDynamoClients({ endpoint });
  const store = new DynamoArticleStore(doc, options.table);
  return {
    pages: tolerateMissingTable(store.scan(1000)),
    async count() {
      let total = 0;
      let start: Record<string, unknown> | undefined;
      try {
        do {
          const page = await doc.send(
            new ScanCommand({
              TableName: options.table,
              Select: 'COUNT',
              FilterExpression: '#type = :article',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: { ':article': 'article' },
              ExclusiveStartKey: start,
            }),
          );
          total += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start);
      } catch (error) {
        if (!isMissingTable(error)) throw error;
      }
      return total;
    },
    async close() {
      client.destroy();
      await stopDynalite?.();
    },
  };
}

/** A table that was never created holds no articles. */
async function* tolerateMissingTable(pages: AsyncIterable<Article[]>): AsyncIterable<Article[]> {
  try {
    yield* pages;
  } catch (error) {
    if (!isMissingTable(error)) throw error;
  }
}

function isMissingTable(error: unknown): boolean {
  return (error as { name?: string }).name === 'ResourceNotFoundException';
}

export function run(argv: string[]): Promise<number> {
  return runCommandLine(commandLine, argv, async (args) => {
    const query = stringOption(args, 'query');
    const data = stringOption(args, 'data')!;
    const endpoint = stringOption(args, 'endpoint');
    const limit = Number(args.values.limit);
    if (args.positionals.length + (query !== undefined ? 1 : 0) !== 1) throw new ArgumentError('give one topic id or --query "QUERY"');
    if (!Number.isInteger(limit) || limit < 0) throw new ArgumentError(`--limit must be a whole number, got "${String(args.values.limit)}"`);
    let topic: TopicQuery;
    if (query !== undefined) topic = { id: 'query', query };
    else {
      const found = configuredTopics.find((t) => t.id === args.positionals[0]);
      if (!found) throw new UsageError(`unknown topic "${args.positionals[0]}"; configured: ${configuredTopics.map((t) => t.id).join(', ')}`);
      topic = found;
    }
    const compiled = compileTopics([topic]);
    let source: ArticleSource | undefined;
    try {
      source = await openArticleSource({ data, table: stringOption(args, 'table') ?? localTableName(data), ...(endpoint ? { endpoint } : {}) });
      const showProgress = args.values.progress === true || process.stdout.isTTY === true;
      const result = await runWithProgress(compiled, topic.id, source, { keep: limit, showProgress });
      if (args.values.json) printJson(topic.id, result);
      else printHuman(topic, result);
      return 0;
    } finally {
      await source?.close();
    }
  });
}

async function runWithProgress(
  compiled: ReturnType<typeof compileTopics>,
  topicId: string,
  source: ArticleSource,
  options: { keep: number; showProgress: boolean },
): Promise<BacktestResult> {
  if (!options.showProgress) return backtestTopic(compiled, topicId, source.pages, { keep: options.keep });
  const total = await source.count();
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `backtest ${topicId} {bar} {value}/{total} articles | {matched} matched | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
      // --progress into a pipe or file: a line every second instead of nothing.
      noTTYOutput: true,
      notTTYSchedule: 1000,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { matched: 0 });
  try {
    return await backtestTopic(compiled, topicId, source.pages, {
      keep: options.keep,
      onProgress: ({ scanned, matched }) => {
        if (scanned > total) bar.setTotal(scanned);
        bar.update(scanned, { matched });
      },
    });
  } finally {
    bar.stop();
  }
}

function printHuman(topic: TopicQuery, result: BacktestResult): void {
  console.log(`${topic.id}: ${topic.query}\n`);
  for (const { article, terms } of result.hits) {
    console.log(`● ${article.published ?? article.firstSeen}  ${article.title || '(untitled)'}`);
    console.log(`  ${article.sourceTitle}${article.link ? `  ${article.link}` : ''}`);
    for (const line of describeTerms(terms, '      ')) console.log(line);
    console.log('');
  }
  const shown = result.hits.length < result.matched ? ` (newest ${result.hits.length} shown; --limit N for more)` : '';
  console.log(`${result.matched} of ${result.scanned} stored articles would have matched${shown}`);
}

function printJson(topicId: string, result: BacktestResult): void {
  const items = result.hits.map(({ article, terms }) => ({ id: article.id, title: article.title, link: article.link, published: article.published ?? article.firstSeen, terms }));
  console.log(JSON.stringify({ topic: topicId, scanned: result.scanned, matched: result.matched, items }));
}
