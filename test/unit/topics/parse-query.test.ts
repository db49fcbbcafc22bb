import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError, type QueryNode } from '../../../shared/domain/topics/index.js';

/** A compact, unambiguous rendering of the AST. */
function show(node: QueryNode): string {
  switch (node.kind) {
    case 'term': {
      const body = node.tokens.map((t) => (t.prefix ? `${t.value}*` : t.value)).join(' ');
      return `${node.field === 'any' ? '' : `${node.field}:`}[${body}]`;
    }
    case 'and':
      return `AND(${node.children.map(show).join(', ')})`;
    case 'or':
      return `OR(${node.children.map(show).join(', ')})`;
    case 'not':
      return `NOT(${show(node.child)})`;
  }
}

describe('parseQuery: valid queries', () => {
  it.each([
    ['CSTO', '[csto]'],
    ['CSTO summit', 'AND([csto], [summit])'],
    ['CSTO AND summit', 'AND([csto], [summit])'],
    ['CSTO OR ОДКБ', 'OR([csto], [одкб])'],
    ['a b OR c', 'OR(AND([a], [b]), [c])'],
    ['a (b OR c)', 'AND([a], OR([b], [c]))'],
    ['a -b', 'AND([a], NOT([b]))'],
    ['a NOT b', 'AND([a], NOT([b]))'],
    ['a -(b OR c)', 'AND([a], NOT(OR([b], [c])))'],
    ['"Nagorno Karabakh"', '[nagorno karabakh]'],
    ['Nagorno-Karabakh', '[nagorno karabakh]'],
    ["Nagorno-Karabakh's", '[nagorno karabakh]'],
    ['Карабах*', '[карабах*]'],
    ['"Нагорн* Карабах*"', '[нагорн* карабах*]'],
    ['Nagorno-Kara*', '[nagorno kara*]'],
    ['title:CSTO', 'title:[csto]'],
    ['Title:CSTO', 'title:[csto]'],
    ['text:"a b"', 'text:[a b]'],
    ['title:(a OR b) c', 'AND(OR(title:[a], title:[b]), [c])'],
    ['title:(a title:b)', 'AND(title:[a], title:[b])'],
    ['a -title:b', 'AND([a], NOT(title:[b]))'],
    ['«ОДКБ»', '[одкб]'],
    ['“a b”', '[a b]'],
    ['10:30', '[10 30]'],
    ['ORacle ANDes NOTE', 'AND([oracle], [andes], [note])'],
    ['a OR(b)', 'OR([a], [b])'],
    ['  spaced   out  ', 'AND([spaced], [out])'],
    ['(a)', '[a]'],
    ['((a OR b))', 'OR([a], [b])'],
  ])('%s', (query, expected) => {
    expect(show(parseQuery(query))).toBe(expected);
  });

  it('keeps the term as written for provenance', () => {
    const ast = parseQuery('title:"Nagorno Karabakh" OR Карабах*');
    expect(ast.kind === 'or' && ast.children.map((c) => c.kind === 'term' && c.text)).toEqual(['"Nagorno Karabakh"', 'Карабах*']);
  });
});

describe('parseQuery: invalid queries name the position and what was expected', () => {
  it.each([
    ['', 0, 'a term'],
    ['   ', 3, 'a term'],
    ['a OR', 4, 'a term after OR'],
    ['a OR OR b', 5, 'a term after OR'],
    ['OR a', 0, 'a term before OR'],
    ['AND a', 0, 'a term before AND'],
    ['a AND', 5, 'a term after AND'],
    ['NOT', 3, 'a term after NOT'],
    ['(a b', 4, "')' to close the '(' at position 0"],
    ['a (b OR (c)', 11, "')' to close the '(' at position 2"],
    ['a )', 2, "an opening '(' for this ')'"],
    ['()', 1, 'a term inside the parentheses'],
    ['"abc', 0, 'a closing " for the phrase opened here'],
    ['a «b', 2, 'a closing » for the phrase opened here'],
    ['""', 0, 'a word inside the quotes'],
    ['a " - " b', 2, 'a word inside the quotes'],
    ['a - b', 2, 'a word (letters or digits)'],
    ['a*b', 1, "'*' only at the end of a word"],
    ['x*', 0, "at least 2 letters before '*'"],
    ['Karabakh-*', 9, "a letter or digit right before '*'"],
    ['foo:bar', 0, 'a field scope title: or text: (put the word in quotes to match it literally)'],
    ['title:(text:a)', 7, 'no text: scope inside a title: scope'],
    ['title:-a b', 6, 'a term, a phrase or a group after title: (write -title:word to exclude)'],
    ['-a', 0, 'a word or phrase that must appear (exclusions alone would match almost every article)'],
    ['NOT a', 0, 'a word or phrase that must appear (exclusions alone would match almost every article)'],
    ['a OR -b', 5, 'a word or phrase that must appear (exclusions alone would match almost every article)'],
    ['a OR (-b -c)', 6, 'a word or phrase that must appear (exclusions alone would match almost every article)'],
  ])('%j', (query, position, expected) => {
    let error: unknown;
    try {
      parseQuery(query, 'my-topic');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    const q = error as QueryError;
    expect({ topicId: q.topicId, position: q.position, expected: q.expected }).toEqual({ topicId: 'my-topic', position, expected });
    expect(q.message).toContain(`topic "my-topic": invalid query at position ${position}: expected ${expected}`);
  });

  it('points at the position under the query in the message', () => {
    expect(() => parseQuery('CSTO OR', 'csto')).toThrow('  CSTO OR\n         ^');
  });
});
