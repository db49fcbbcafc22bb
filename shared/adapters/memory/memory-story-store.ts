import { DEFAULT_STORY_OPTIONS, signatureOfArticle, StoryWindow, type StoryOptions } from '../../domain/stories/index.js';
import type { CompiledTopics } from '../../domain/topics/index.js';
import type { StoryArticle, StoryAssigner, StoryAssignment, StoryCoverage, StoryMember } from '../../ports/story-assigner.js';
import { asCoverage } from '../../domain/story.js';

export interface MemoryStoryStoreOptions {
  story?: StoryOptions;
  /** Topics whose matches become keys: their aliases across languages (CSTO, ОДКБ) count as one name. */
  topics?: CompiledTopics;
  /** Members kept per story for coverage. */
  maxMembers?: number;
}

/** Stories in memory (the CLI, benches, tests): a StoryWindow and each story's members. */
export class MemoryStoryStore implements StoryAssigner, StoryCoverage {
  private readonly window: StoryWindow;
  private readonly members = new Map<string, StoryMember[]>();
  private readonly maxMembers: number;

  constructor(private readonly options: MemoryStoryStoreOptions = {}) {
    this.window = new StoryWindow(options.story ?? DEFAULT_STORY_OPTIONS);
    this.maxMembers = options.maxMembers ?? 50;
  }

  assign(article: StoryArticle): Promise<StoryAssignment> {
    const known = this.window.storyOfArticle(article.id);
    if (known !== undefined) return Promise.resolve({ storyId: known, started: known === article.id, evidence: [] });
    const result = this.window.assign(article.id, signatureOfArticle(article, this.options.topics));
    let list = this.members.get(result.storyId);
    if (!list) this.members.set(result.storyId, (list = []));
    if (list.length < this.maxMembers) list.push(asCoverage(article));
    return Promise.resolve({ storyId: result.storyId, started: result.started, evidence: result.evidence });
  }

  coverage(storyIds: string[]): Promise<Map<string, StoryMember[]>> {
    const out = new Map<string, StoryMember[]>();
    for (const id of storyIds) {
      const list = this.members.get(id);
      if (list && list.length > 1) out.set(id, [...list]);
    }
    return Promise.resolve(out);
  }
}

