import { describe, expect, it } from 'vitest';
import { newestItems } from '../../../shared/domain/feed/newest-items.js';

const item = (name: string, published?: string) => ({ name, published });

describe('newestItems', () => {
  it.each([
    ['fewer than the limit: all, as they were', [item('a', '2026-01-01'), item('b')], 3, ['a', 'b']],
    ['newest first in the feed', [item('c', '2026-01-03'), item('b', '2026-01-02'), item('a', '2026-01-01')], 2, ['c', 'b']],
    ['oldest first in the feed: the newest, still in document order', [item('a', '2026-01-01'), item('b', '2026-01-02'), item('c', '2026-01-03')], 2, ['b', 'c']],
    ['undated after dated', [item('u'), item('a', '2026-01-01'), item('v')], 2, ['u', 'a']],
    ['undated only: the first ones', [item('u'), item('v'), item('w')], 2, ['u', 'v']],
    ['equal dates: the first ones', [item('a', '2026-01-01'), item('b', '2026-01-01'), item('c', '2026-01-01')], 2, ['a', 'b']],
  ])('%s', (_name, items, max, expected) => {
    expect(newestItems(items, max).map((i) => i.name)).toEqual(expected);
  });
});
