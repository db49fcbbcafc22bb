import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../shared/domain/feed/dates.js';
import { corpusPath } from '../support/corpus.js';

interface Vector {
  parser: string;
  input: string;
  expected_utc: string | null;
  note?: string;
}
const vectors = (JSON.parse(readFileSync(corpusPath('feedparser', '_derived', 'date_vectors.json'), 'utf8')) as { vectors: Vector[] }).vectors;

/**
 * The vectors target different feedparser sub-parsers that disagree with each other: its ISO 8601
 * parser reads "03335" as YYDDD (2-digit year, ordinal day) while its W3C-DTF parser rejects
 * "22013". A single lenient parser must pick one reading; we read YYDDD, like the ISO parser.
 */
const CONFLICTS = new Set(['w3dtf 22013']);

describe('parseFeedDate against feedparser date vectors', () => {
  it.each(vectors.filter((v) => !CONFLICTS.has(`${v.parser} ${v.input}`)).map((v) => [`${v.parser}: ${JSON.stringify(v.input)}${v.note ? ` (${v.note})` : ''}`, v] as const))('%s', (_name, v) => {
    const expected = v.expected_utc === null ? undefined : new Date(v.expected_utc).toISOString();
    expect(parseFeedDate(v.input)).toBe(expected);
  });

  it('documents the one conflicting vector', () => {
    expect(parseFeedDate('22013')).toBe('2022-01-13T00:00:00.000Z');
    expect(vectors.filter((v) => CONFLICTS.has(`${v.parser} ${v.input}`))).toHaveLength(1);
  });
});
