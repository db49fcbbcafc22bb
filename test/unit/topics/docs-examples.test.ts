import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../shared/domain/topics/index.js';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/query-language.md'), 'utf8');
const recipes = doc
  .slice(doc.indexOf('## Recipes'))
  .split('\n')
  .map((line) => /^\| [^|]+ \| `(.+)` \|$/.exec(line)?.[1])
  .filter((q): q is string => q !== undefined);

describe('docs/query-language.md', () => {
  it('has recipes', () => {
    expect(recipes.length).toBeGreaterThan(5);
  });

  it.each(recipes)('recipe %s is a valid query', (query) => {
    expect(() => parseQuery(query)).not.toThrow();
  });
});
