import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { topics as configuredTopics } from '../../infra/config/topics.js';
import type { Topic } from '../../shared/domain/topic.js';
import { checkTopicExamples, compileTopics } from '../../shared/domain/topics/index.js';
import { topicSchema } from '../../shared/runtime/app-config.js';
import { ArgumentError, type CommandLine, runCommandLine, stringOption, UsageError } from '../command-line.js';

export const summary = 'Check the configured topics (queries and examples), or list them';

export const commandLine: CommandLine = {
  name: 'topics',
  usage: `Usage: newshound topics <check|list> [--topics FILE.json]

  check              compile every topic query and run its examples; exit 1 on any failure, a topic without
                     examples included
  list               show each topic's id, name and query
  --topics FILE.json topics to use instead of infra/config/topics.ts
                     (an array of {"id", "name", "query", "examples": {"match": [...], "noMatch": [...]}})
  -h, --help         this help

Environment: none

Exit status: 0 all well, 1 a topic fails its check, 2 bad input (arguments, the topics file).`,
  options: { topics: { type: 'string' } },
};

/** Reads topics from a JSON file, validated; `full` requires names (as in the config). */
export async function readTopicsFile(file: string, full: boolean): Promise<Topic[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read topics from ${file}: ${(error as Error).message}`);
  }
  const schema = full ? z.array(topicSchema) : z.array(z.object({ id: z.string().min(1), query: z.string().min(1), name: z.string().optional() }));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`invalid topics in ${file} at ${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)'}: ${issue.message}`);
  }
  return parsed.data.map((t) => ({ name: t.id, ...t }));
}

export function run(argv: string[]): Promise<number> {
  return runCommandLine(commandLine, argv, async (args) => {
    const [action, ...extra] = args.positionals;
    if (action !== 'check' && action !== 'list') throw new ArgumentError(action === undefined ? 'which action? check or list' : `unknown action "${action}": use check or list`);
    if (extra.length > 0) throw new ArgumentError(`unexpected argument "${extra[0]}"`);
    const file = stringOption(args, 'topics');
    const topics = file ? await readTopicsFile(file, true) : configuredTopics;
    return action === 'check' ? check(topics) : list(topics);
  });
}

function check(topics: Topic[]): number {
  const examplesOf = (topic: Topic) => (topic.examples?.match?.length ?? 0) + (topic.examples?.noMatch?.length ?? 0);
  // A topic without examples has nothing that shows its query does what it should.
  const checked = checkTopicExamples(topics);
  const untested = topics
    .filter((t) => examplesOf(t) === 0 && !checked.some((f) => f.topicId === t.id))
    .map((t) => ({ topicId: t.id, message: `topic "${t.id}" has no examples: add at least one to examples.match (and to examples.noMatch what it must not match)` }));
  const failures = [...checked, ...untested];
  const failed = new Set(failures.map((f) => f.topicId));
  for (const topic of topics) {
    const examples = examplesOf(topic);
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
  compileTopics(topics);
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
