import { describe, expect, it } from 'vitest';
import { articleMatchesSchema, deliveryRequestedSchema } from '../../../shared/domain/message-schemas.js';

describe('queue message schemas', () => {
  const matches = [{ topicId: 'nk', terms: [{ term: 'Карабах*', field: 'title', snippet: 'Сёла Карабаха', words: 'Карабаха' }] }];

  it('keep the words a prefix term matched, so alerts show them rather than the stem', () => {
    expect(articleMatchesSchema.parse({ articleId: 'a', matches }).matches).toEqual(matches);
    expect(deliveryRequestedSchema.parse({ subscriberId: 's', channel: 'email', articleId: 'a', matches }).matches).toEqual(matches);
  });

  it('accept terms recorded without words, and refuse words that are not text', () => {
    expect(articleMatchesSchema.safeParse({ articleId: 'a', matches: [{ topicId: 'nk', terms: [{ term: 'CSTO', field: 'title', snippet: 's' }] }] }).success).toBe(true);
    expect(articleMatchesSchema.safeParse({ articleId: 'a', matches: [{ topicId: 'nk', terms: [{ term: 'CSTO', field: 'title', snippet: 's', words: 7 }] }] }).success).toBe(false);
  });
});
