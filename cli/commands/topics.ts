import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { topics as configuredTopics } from '../../infra/config/topics.js';
import type { Topic } from '../../shared/domain/topic.js';
import { checkTopicExamples, compileTopics, QueryError } from '../../shared/domain/topics/index.js';
import { topicSchema } from '../../shared/runtime/app-config.js';

export const summary = 'Check the configured topics (queries and examples), or list them';

const usage = `Usage: newshound topics <check|list> [--topics FILE.json]

  check              compile every topic query and run its examples; exit 1 on any failure
  list               show each topic's id, name and query
  --topics FILE.json topics to use instead of infra/config/topics.ts
                     (an array of {"id", "name", "query", "examples": {"match": [...], "noMatch": [...]}})`;

/** Reads topics from a JSON file, validated; `full` requires names (as in the config). */
export async function readTopicsFile(file: string, full: boolean): Promise<Topic[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read topics from ${file}: ${(error as Error).message}`);
  }
  const schema = full ? z.array(topicSchema) : z.array(z.object({ id: z.string().min(1), query: z.string().min(1), name: z.string().optional() }));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`invalid topics in ${file} at ${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)'}: ${issue.message}`);
  }
  return parsed.data.map((t) => ({ name: t.id, ...t }));
}

/** Bad command-line input: the command prints the message and exits with 2. */
export class UsageError extends Error {}

export async function run(argv: string[]): Promise<number> {
  let values: { topics?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { topics: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [action, ...extra] = positionals;
  if ((action !== 'check' && action !== 'list') || extra.length > 0) {
    console.error(usage);
    return 2;
  }
  let topics: Topic[];
  try {
    topics = values.topics ? await readTopicsFile(values.topics, true) : configuredTopics;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  return action === 'check' ? check(topics) : list(topics);
}

function check(topics: Topic[]): number {
  const failures = checkTopicExamples(topics);
  const failed = new Set(failures.map((f) => f.topicId));
  for (const topic of topics) {
    const examples = (topic.examples?.match?.length ?? 0) + (topic.examples?.noMatch?.length ?? 0);
    console.log(`${failed.has(topic.id) ? 'FAIL' : 'ok  '} ${topic.id} (${examples} example${examples === 1 ? '' : 's'})`);
  }
  for (const failure of failures) console.error(`\n${failure.message}`);
  const duplicate = duplicateId(topics);
  if (duplicate) console.error(`\nduplicate topic id "${duplicate}"`);
  if (failures.length > 0 || duplicate) {
    console.error(`\n${failures.length} problem${failures.length === 1 ? '' : 's'} in ${failed.size} of ${topics.length} topics`);
    return 1;
  }
  console.log(`\nall ${topics.length} topics compile and every example behaves`);
  return 0;
}

function list(topics: Topic[]): number {
  try {
    compileTopics(topics);
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    console.error(error.message);
    return 1;
  }
  for (const topic of topics) console.log(`${topic.id}  ${topic.name}\n    ${topic.query}`);
  return 0;
}

function duplicateId(topics: Topic[]): string | undefined {
  const seen = new Set<string>();
  for (const t of topics) {
    if (seen.has(t.id)) return t.id;
    seen.add(t.id);
  }
  return undefined;
}
