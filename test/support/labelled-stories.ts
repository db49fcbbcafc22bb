import { readFileSync } from 'node:fs';
import { topics as configuredTopics } from '../../infra/config/topics.js';
import { MemoryStoryStore } from '../../shared/adapters/memory/memory-story-store.js';
import { bcubed, type BCubed, type StoryOptions } from '../../shared/domain/stories/index.js';
import { compileTopics, matchArticle } from '../../shared/domain/topics/index.js';
import type { StoryArticle, StoryAssigner } from '../../shared/ports/story-assigner.js';

export interface LabelledArticle {
  id: string;
  story: string;
  feed: string;
  language: 'en' | 'ru';
  published: string;
  title: string;
  text: string;
}

export interface LabelledSet {
  nearMisses: [string, string][];
  articles: LabelledArticle[];
}

/** `labelled` (the set the grouping was tuned on) or `held-out` (written afterwards, never tuned on). */
export function loadLabelledStories(name: 'labelled' | 'held-out' = 'labelled'): LabelledSet {
  return JSON.parse(readFileSync(new URL(`../fixtures/stories/${name}.json`, import.meta.url), 'utf8')) as LabelledSet;
}

export function toStoryArticle(a: LabelledArticle): StoryArticle {
  return { id: a.id, feedId: a.feed, title: a.title, text: a.text, sourceTitle: a.feed, published: a.published, firstSeen: a.published, link: `https://${a.feed}.example/${a.id}` };
}

export interface LabelledResult {
  scores: BCubed;
  /** Article id → predicted story id. */
  predicted: Map<string, string>;
  evidence: Map<string, string[]>;
  /** Near-miss story pairs that ended up sharing a predicted story. */
  mergedNearMisses: [string, string][];
  stories: number;
  /** Among articles matching a configured topic: (articles − stories) per 100 articles. */
  alertsSavedPer100: number;
}

export const configuredCompiledTopics = () => compileTopics(configuredTopics);

/** Runs the labelled articles in publication order through an assigner and scores the grouping. */
export async function evaluateLabelled(set: LabelledSet, assigner: StoryAssigner = new MemoryStoryStore({ topics: configuredCompiledTopics() })): Promise<LabelledResult> {
  const ordered = [...set.articles].sort((x, y) => x.published.localeCompare(y.published) || x.id.localeCompare(y.id));
  const predicted = new Map<string, string>();
  const evidence = new Map<string, string[]>();
  for (const article of ordered) {
    const assignment = await assigner.assign(toStoryArticle(article));
    predicted.set(article.id, assignment.storyId);
    evidence.set(article.id, assignment.evidence);
  }
  const gold = new Map(set.articles.map((a) => [a.id, a.story]));
  const storiesOf = (label: string) => new Set(set.articles.filter((a) => a.story === label).map((a) => predicted.get(a.id)));
  const mergedNearMisses = set.nearMisses.filter(([x, y]) => [...storiesOf(x)].some((s) => storiesOf(y).has(s)));
  const compiled = configuredCompiledTopics();
  const matching = set.articles.filter((a) => matchArticle(compiled, { title: a.title, text: a.text }).length > 0);
  const matchingStories = new Set(matching.map((a) => predicted.get(a.id)));
  return {
    scores: bcubed(predicted, gold),
    predicted,
    evidence,
    mergedNearMisses,
    stories: new Set(predicted.values()).size,
    alertsSavedPer100: matching.length === 0 ? 0 : ((matching.length - matchingStories.size) / matching.length) * 100,
  };
}

export type { StoryOptions };
