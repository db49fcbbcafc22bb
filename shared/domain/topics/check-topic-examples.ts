import type { Topic, TopicExample } from '../topic.js';
import { compileTopics } from './compile-topics.js';
import { matchArticle } from './match-article.js';
import { QueryError } from './query-error.js';

export interface TopicCheckFailure {
  topicId: string;
  kind: 'query' | 'example';
  message: string;
}

/**
 * Compiles every topic on its own and runs its examples through the real matcher. Returns every
 * failure (empty when all is well), so one bad topic does not hide another.
 */
export function checkTopicExamples(topics: readonly Topic[]): TopicCheckFailure[] {
  const failures: TopicCheckFailure[] = [];
  for (const topic of topics) {
    let compiled;
    try {
      compiled = compileTopics([topic]);
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      failures.push({ topicId: topic.id, kind: 'query', message: error.message });
      continue;
    }
    const run = (example: TopicExample) => matchArticle(compiled, { title: example.title, text: example.text ?? '' })[0];
    (topic.examples?.match ?? []).forEach((example, i) => {
      if (!run(example)) {
        failures.push({ topicId: topic.id, kind: 'example', message: `topic "${topic.id}": examples.match[${i}] must match but did not: ${describe(example)}` });
      }
    });
    (topic.examples?.noMatch ?? []).forEach((example, i) => {
      const match = run(example);
      if (match) {
        const via = match.terms.map((t) => `${t.term} (${t.field})`).join(', ');
        failures.push({ topicId: topic.id, kind: 'example', message: `topic "${topic.id}": examples.noMatch[${i}] must not match but did, via ${via}: ${describe(example)}` });
      }
    });
  }
  return failures;
}

function describe(example: TopicExample): string {
  return `title ${JSON.stringify(example.title)}${example.text ? `, text ${JSON.stringify(example.text)}` : ''}`;
}
