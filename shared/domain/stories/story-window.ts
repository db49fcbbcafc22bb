import { chooseStory, DEFAULT_STORY_OPTIONS, type StoryMemberSignature, type StoryOptions } from './assign.js';
import { type ArticleSignature, isSpecific } from './signature.js';

export interface WindowAssignment {
  storyId: string;
  started: boolean;
  evidence: string[];
  score: number;
}

interface Entry extends StoryMemberSignature {
  alive: boolean;
}

/**
 * The recent articles and their stories, with an inverted index from names, numbers and dates to articles. A new
 * article is compared only with the articles that share one of its rarer such keys: a key held by more than `commonShare` of the window
 * (and by more than 50 articles) picks no candidates, though it still counts in the similarity.
 * Pure: time is the articles' own; articles older than the window behind the newest one leave.
 */
export class StoryWindow {
  private readonly entries: Entry[] = [];
  private head = 0;
  private newest = -Infinity;
  /** Names, numbers and dates → the articles holding them. */
  private readonly postings = new Map<string, Set<Entry>>();
  /** Names, numbers and dates → the stories holding them, with their count of such articles. */
  private readonly stories = new Map<string, Map<string, number>>();
  private readonly frequency = (key: string) => this.stories.get(key)?.size ?? 0;
  private readonly storyOf = new Map<string, string>();

  constructor(
    readonly options: StoryOptions = DEFAULT_STORY_OPTIONS,
    private readonly commonShare = 0.02,
  ) {}

  get size(): number {
    return this.entries.length - this.head;
  }

  /** The story of an article recorded earlier (still in the window), if any. */
  storyOfArticle(articleId: string): string | undefined {
    return this.storyOf.get(articleId);
  }

  assign(articleId: string, signature: ArticleSignature): WindowAssignment {
    const known = this.storyOf.get(articleId);
    if (known !== undefined) return { storyId: known, started: known === articleId, evidence: [], score: 1 };
    this.evict(signature.time);
    const choice = chooseStory(signature, this.candidates(signature), this.options, this.frequency);
    const storyId = choice?.storyId ?? articleId;
    this.record({ storyId, articleId, signature, alive: true });
    return { storyId, started: !choice, evidence: choice?.evidence ?? [], score: choice?.score ?? 0 };
  }

  private candidates(signature: ArticleSignature): Set<Entry> {
    const common = Math.max(50, this.size * this.commonShare);
    const found = new Set<Entry>();
    for (const key of signature.keys) {
      const posting = this.postings.get(key);
      if (!posting || posting.size > common) continue;
      for (const entry of posting) found.add(entry);
    }
    return found;
  }

  private record(entry: Entry): void {
    this.entries.push(entry);
    this.storyOf.set(entry.articleId, entry.storyId);
    for (const key of entry.signature.keys) {
      if (!isSpecific(key)) continue;
      let posting = this.postings.get(key);
      if (!posting) this.postings.set(key, (posting = new Set()));
      posting.add(entry);
      let holders = this.stories.get(key);
      if (!holders) this.stories.set(key, (holders = new Map()));
      holders.set(entry.storyId, (holders.get(entry.storyId) ?? 0) + 1);
    }
  }

  private evict(time: number): void {
    if (time > this.newest) this.newest = time;
    const oldest = this.newest - this.options.windowMs;
    while (this.head < this.entries.length && this.entries[this.head]!.signature.time < oldest) {
      const entry = this.entries[this.head++]!;
      entry.alive = false;
      this.storyOf.delete(entry.articleId);
      for (const key of entry.signature.keys) {
        if (!isSpecific(key)) continue;
        const posting = this.postings.get(key)!;
        posting.delete(entry);
        if (posting.size === 0) this.postings.delete(key);
        const holders = this.stories.get(key)!;
        const left = holders.get(entry.storyId)! - 1;
        if (left > 0) holders.set(entry.storyId, left);
        else if (holders.delete(entry.storyId) && holders.size === 0) this.stories.delete(key);
      }
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }
}
