import { readFileSync } from 'node:fs';
import { parseFeedDate } from './shared/domain/feed/dates.js';
const j = JSON.parse(readFileSync('/work/shared/corpus/feedparser/_derived/date_vectors.json', 'utf8'));
let ok = 0;
for (const v of j.vectors) {
  const got = parseFeedDate(v.input);
  const exp = v.expected_utc === null ? undefined : new Date(v.expected_utc).toISOString();
  const pass = got === exp;
  if (pass) ok++; else console.log('FAIL', v.parser, JSON.stringify(v.input), 'got', got, 'exp', exp);
}
console.log(ok, '/', j.vectors.length);
