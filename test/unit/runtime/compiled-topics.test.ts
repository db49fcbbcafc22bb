import { describe, expect, it } from 'vitest';
import { sampleConfig } from '../../../infra/config/index.js';
import { compiledTopics, topicsOf } from '../../../shared/runtime/platform/compiled-topics.js';

describe('compiled topics', () => {
  it('compiles a config\'s topics once: matching and story grouping share the index', () => {
    const config = sampleConfig();
    const fromFactory = compiledTopics({ env: {}, config, clock: { now: () => new Date() }, name: 'poll-feed' });
    expect(topicsOf(config)).toBe(fromFactory);
    expect(topicsOf({ ...config, topics: [...config.topics] })).not.toBe(fromFactory);
  });
});
