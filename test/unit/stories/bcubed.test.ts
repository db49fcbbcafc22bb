import { describe, expect, it } from 'vitest';
import { bcubed } from '../../../shared/domain/stories/index.js';

const map = (pairs: string) => new Map(pairs.split(' ').map((p) => p.split('=') as [string, string]));

describe('bcubed', () => {
  it.each([
    // item=cluster ...                    predicted                 precision recall
    ['perfect', 'a=1 b=1 c=2', 'a=x b=x c=y', 1, 1],
    ['all merged', 'a=1 b=1 c=2 d=2', 'a=x b=x c=x d=x', 0.5, 1],
    ['all split', 'a=1 b=1 c=2 d=2', 'a=p b=q c=r d=s', 1, 0.5],
    // a,b,c gold 1; d gold 2; predicted {a,b} {c,d}: P = (1+1+.5+.5)/4, R = (2/3+2/3+1/3+1)/4
    ['mixed', 'a=1 b=1 c=1 d=2', 'a=x b=x c=y d=y', 0.75, (2 / 3 + 2 / 3 + 1 / 3 + 1) / 4],
  ])('%s', (_, gold, predicted, precision, recall) => {
    const scores = bcubed(map(predicted), map(gold));
    expect(scores.precision).toBeCloseTo(precision);
    expect(scores.recall).toBeCloseTo(recall);
    expect(scores.f1).toBeCloseTo((2 * precision * recall) / (precision + recall));
  });

  it('refuses maps of different items', () => {
    expect(() => bcubed(map('a=x'), map('a=1 b=1'))).toThrow(/1 predicted items but 2 gold/);
    expect(() => bcubed(map('a=x b=x'), map('a=1 c=1'))).toThrow(/item b has no gold label/);
  });
});
