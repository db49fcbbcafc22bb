import type { StoryArticle, StoryAssigner, StoryAssignment, StoryCoverage, StoryMember } from '../../shared/ports/story-assigner.js';

/**
 * A fake story grouping for tests: articles whose title carries the same `[story <label>]` are one story (its id
 * `story-<label>`); any other article is a story of its own. Records every assignment and the coverage.
 */
export class LabelStories implements StoryAssigner, StoryCoverage {
  readonly assigned: StoryArticle[] = [];
  readonly members = new Map<string, StoryMember[]>();

  async assign(article: StoryArticle): Promise<StoryAssignment> {
    this.assigned.push(article);
    const label = /\[story ([\w-]+)\]/.exec(article.title)?.[1];
    const storyId = label ? `story-${label}` : article.id;
    const list = this.members.get(storyId) ?? [];
    const started = list.length === 0;
    const { id, feedId, title, link, sourceTitle, published, firstSeen } = article;
    list.push({ articleId: id, feedId, title, sourceTitle, firstSeen, ...(link ? { link } : {}), ...(published ? { published } : {}) });
    this.members.set(storyId, list);
    return { storyId, started, evidence: started ? [] : [`label ${label}`] };
  }

  async coverage(storyIds: string[]): Promise<Map<string, StoryMember[]>> {
    return new Map(storyIds.flatMap((id) => (this.members.has(id) ? [[id, [...this.members.get(id)!]] as const] : [])));
  }
}
