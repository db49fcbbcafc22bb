import { defineFunction } from '../ports.js';
import { compiledTopics } from '../platform/compiled-topics.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { guardedFetcher } from '../platform/guarded-fetcher.js';
import { articlePages } from '../platform/article-pages.js';
import { parseWorkers } from '../platform/parse-workers.js';
import { s3InboxBucket } from '../platform/s3-inbox-bucket.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { storyGrouping } from '../platform/story-grouping.js';

export const pollFeedDefinition = defineFunction({
  name: 'poll-feed',
  aws: { factories: { table: dynamodbTable, fetcher: guardedFetcher, feedParser: parseWorkers, topics: compiledTopics, stories: storyGrouping, inbox: s3InboxBucket, fullText: articlePages }, queues: sqsQueues },
  compose: (p) => ({
    feeds: p.config.feeds,
    fetcher: p.fetcher,
    inbox: p.inbox,
    parser: p.feedParser,
    feedStates: p.table.feedStates,
    articles: p.table.articles,
    matches: p.table.matches,
    fanOut: p.queue('fan-out'),
    topics: p.topics,
    stories: p.stories,
    clock: p.clock,
    config: p.config.polling,
    fullText: p.fullText,
    logger: p.logger,
    metrics: p.metrics,
  }),
});
