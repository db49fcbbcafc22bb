import { describe, expect, it } from 'vitest';
import { ForwardSearch } from '../../../shared/domain/feed/forward-search.js';

describe('ForwardSearch', () => {
  it.each([
    ['a literal', 'ab>cd>e', '>', [0, 2, 3, 5, 6], [2, 2, 5, 5, -1]],
    ['a regex, case-insensitively', 'x</A >y</a>', /<\/a\s*>/i, [0, 1, 2, 8], [1, 1, 7, -1]],
  ])('answers the next occurrence of %s from growing positions', (_name, text, needle, from, expected) => {
    const search = new ForwardSearch(text, needle);
    expect(from.map((p) => search.next(p))).toEqual(expected);
  });

  it('remembers its last answer: positions before it ask nothing new, and "nowhere" stays nowhere', () => {
    const text = `${'<a '.repeat(1000)}`;
    const search = new ForwardSearch(text, '>');
    let asked = 0;
    const indexOf = String.prototype.indexOf;
    String.prototype.indexOf = function (this: string, ...args: Parameters<typeof indexOf>) {
      asked++;
      return indexOf.apply(this, args);
    };
    try {
      for (let p = 0; p < text.length; p += 3) expect(search.next(p)).toBe(-1);
    } finally {
      String.prototype.indexOf = indexOf;
    }
    expect(asked).toBe(1);
  });

  it('gives the length of what it found', () => {
    const search = new ForwardSearch('a</b   >', /<\/b\s*>/);
    expect(search.next(0)).toBe(1);
    expect(search.length).toBe(7);
  });
});
