import { createHash } from 'node:crypto';
import { foldToken } from '../../domain/topics/fold.js';
import type { StoryArticle, StoryAssigner, StoryAssignment, StoryCoverage, StoryMember } from '../../ports/story-assigner.js';

/** Below this many words a headline is too generic ("Live updates") to say two articles are one story. */
const MIN_HEADLINE_WORDS = 5;
const MAX_MEMBERS = 50;
/** Stories this process remembers for coverage; the oldest are forgotten first. */
const MAX_STORIES = 10_000;

/**
 * A stand-in for the story grouping until the real one is composed: every article is its own story, except wire
 * copies, articles under the same headline (folded, at least five words) first seen on the same UTC day, which
 * share one. The story id is derived from the headline and day, so it needs no storage and every process agrees on
 * it; the coverage is what this process assigned (a story absent from it has only its first article).
 */
export class WireCopyStories implements StoryAssigner, StoryCoverage {
  private readonly members = new Map<string, StoryMember[]>();

  async assign(article: StoryArticle): Promise<StoryAssignment> {
    const words = article.title.normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(foldToken);
    const storyId = words.length >= MIN_HEADLINE_WORDS ? `wire-${createHash('sha256').update(`${article.firstSeen.slice(0, 10)}\n${words.join(' ')}`).digest('hex').slice(0, 24)}` : article.id;
    const known = this.members.get(storyId) ?? [];
    if (!known.some((m) => m.articleId === article.id) && known.length < MAX_MEMBERS) {
      const { id, feedId, title, link, sourceTitle, published, firstSeen } = article;
      known.push({ articleId: id, feedId, title, sourceTitle, firstSeen, ...(link ? { link } : {}), ...(published ? { published } : {}) });
    }
    this.members.delete(storyId);
    this.members.set(storyId, known);
    if (this.members.size > MAX_STORIES) this.members.delete(this.members.keys().next().value!);
    const started = known[0]?.articleId === article.id;
    return { storyId, started, evidence: started ? [] : ['same headline'] };
  }

  async coverage(storyIds: string[]): Promise<Map<string, StoryMember[]>> {
    const found = new Map<string, StoryMember[]>();
    for (const id of storyIds) {
      const known = this.members.get(id);
      if (known && known.length > 1) found.set(id, [...known]);
    }
    return found;
  }
}
