import type { CoverageArticle } from '../domain/story.js';

/**
 * Stories: articles about one event, across feeds and languages, grouped within a time window. poll-feed asks the
 * assigner for each new article's story before it hands matches on; fan-out alerts a subscriber once per story and
 * topic; the topic feeds carry one item per story.
 */

/** What the grouping reads of a new article. */
export interface StoryArticle {
  id: string;
  feedId: string;
  title: string;
  /** Plain text matched on: the feed's summary/content, or the page's extracted text when full text was fetched. */
  text: string;
  link?: string;
  sourceTitle: string;
  /** ISO 8601 UTC */
  published?: string;
  /** ISO 8601 UTC */
  firstSeen: string;
}

export interface StoryAssignment {
  /** Stable id of the story (the id of the article that started it is a fine choice). */
  storyId: string;
  /** True when this article started a new story. */
  started: boolean;
  /** Why it joined (the shared names, numbers and terms), for logs and explanations; empty when it started one. */
  evidence: string[];
}

export interface StoryAssigner {
  /** The story of a new article, recording it so later articles can join. Called once per new article. */
  assign(article: StoryArticle): Promise<StoryAssignment>;
}

/** One article of a story's coverage, as feed items and digests list it ("also reported by …"). */
export type StoryMember = CoverageArticle;

export interface StoryCoverage {
  /** The articles of each story, oldest first (capped; a story absent from the map has only its first article). */
  coverage(storyIds: string[]): Promise<Map<string, StoryMember[]>>;
}
