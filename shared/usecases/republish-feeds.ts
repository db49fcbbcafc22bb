/**
 * The deploy trigger of publish-feeds: every topic rebuilt, and everything the config no longer calls for deleted
 * (a revoked partner's folder, a removed topic's feeds) as the deploy that removed them finishes. A failure does not
 * fail the deploy: the topics go to the publish queue, whose retries and dead-letter alarm take over from there.
 */
import type { PublishRequested } from '../domain/messages.js';
import type { Queue } from '../ports/queue.js';
import { publishTopicFeeds, type PublishFeedsDeps } from './publish-feeds.js';

export type RepublishOutcome = { kind: 'republished'; written: number; deleted: string[] } | { kind: 'handed-on'; topics: number; error: string };

export async function republishFeeds(deps: PublishFeedsDeps & { publishQueue: Queue<PublishRequested> }): Promise<RepublishOutcome> {
  const topicIds = deps.config.topics.map((t) => t.id);
  try {
    const result = await publishTopicFeeds(deps, { topicIds });
    return { kind: 'republished', written: result.written.length, deleted: result.deleted };
  } catch (error) {
    if (topicIds.length > 0) await deps.publishQueue.send(topicIds.map((topicId) => ({ topicId })));
    return { kind: 'handed-on', topics: topicIds.length, error: error instanceof Error ? error.message : String(error) };
  }
}
