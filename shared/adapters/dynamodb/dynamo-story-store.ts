import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type ArticleSignature,
  chooseStory,
  DEFAULT_STORY_OPTIONS,
  isSpecific,
  signatureOfArticle,
  type StoryMemberSignature,
  type StoryOptions,
} from '../../domain/stories/index.js';
import type { CompiledTopics } from '../../domain/topics/index.js';
import type { StoryArticle, StoryAssigner, StoryAssignment, StoryCoverage, StoryMember } from '../../ports/story-assigner.js';
import { STORY_RETENTION_DAYS } from './retention.js';
import { isConditionalCheckFailed } from './table-schema.js';
import { asCoverage } from '../../domain/story.js';

/**
 * Stories in the single table. Items:
 *   story head   pk STORY#<storyId>     sk STORY              startedAt, memberCount; mergedInto when a concurrent
 *                                                             start was folded into another; alone when its start
 *                                                             saw no rival and was kept
 *   member       pk STORY#<storyId>     sk MEMBER#<time>#<article>  the coverage fields and the compact signature
 *   article claim pk STORY#<articleId>  sk ARTICLE            storyId: the one story of an article (conditional put:
 *                                                             a retried poll gets the same answer)
 *   key posting  pk STORYKEY#<key>      sk <storyId>          seen (epoch ms); expires a window after `seen`
 * A new article looks up the postings of its heaviest names, numbers and dates (how many stories hold each key is the
 * rarity the similarity weighs them by), reads the newest members of the stories found, and joins the best (domain
 * chooseStory). Joining writes the claim, the member (counted on the head by an atomic ADD: a story lists at most
 * maxMembers) and the postings the story lacks; no item is read-modify-written, so concurrent polls never overwrite
 * each other. Two polls starting the same story at once look again after writing: the later look sees the other
 * start, the earlier may not. A start whose second look finds no rival marks itself alone (unless already folded) and
 * keeps its id. One that sees a rival folds the younger (greater id) into the older (mergedInto, conditional), unless
 * the younger is the rival and has marked itself alone: its poll has kept its id, so this start folds into it. Either
 * way both polls answer the same story; members are copied, and readers follow mergedInto.
 */
export interface DynamoStoryStoreOptions {
  story?: StoryOptions;
  topics?: CompiledTopics;
  /** Keys whose postings a new article reads: its heaviest names, numbers and dates. */
  maxLookups?: number;
  /** Members read per candidate story (its newest). */
  membersCompared?: number;
  /** Members a story keeps (coverage and comparison); later articles still join, they are just not listed. */
  maxMembers?: number;
  /** Candidate stories read per new article (those sharing most keys). */
  maxCandidates?: number;
  /** A key held by more stories than this picks no candidates (it still counts, as a common key, in the score). */
  commonStories?: number;
}

interface StoredSignature {
  k: string[];
  w: number[];
  a: number[];
  n: number;
  c: number;
  s: 'c' | 'l';
  t: number;
}

const HEAD = 'STORY';
const CLAIM = 'ARTICLE';
const MEMBER = 'MEMBER#';

export class DynamoStoryStore implements StoryAssigner, StoryCoverage {
  private readonly story: StoryOptions;
  private readonly maxLookups: number;
  private readonly membersCompared: number;
  private readonly maxMembers: number;
  private readonly maxCandidates: number;
  private readonly commonStories: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoStoryStoreOptions = {},
  ) {
    this.story = options.story ?? DEFAULT_STORY_OPTIONS;
    this.maxLookups = options.maxLookups ?? 8;
    this.membersCompared = options.membersCompared ?? 8;
    this.maxMembers = options.maxMembers ?? 50;
    this.maxCandidates = options.maxCandidates ?? 20;
    this.commonStories = options.commonStories ?? 50;
  }

  async assign(article: StoryArticle): Promise<StoryAssignment> {
    const claimed = await this.claimOf(article.id);
    if (claimed) return { storyId: await this.resolve(claimed), started: claimed === article.id, evidence: [] };
    const signature = signatureOfArticle(article, this.options.topics);
    const lookup = await this.lookUp(signature);
    const choice = chooseStory(signature, await this.candidateMembers(lookup, signature), this.story, lookup.frequency);
    if (choice) {
      // candidates come resolved (members() follows mergedInto)
      const storyId = choice.storyId;
      const winner = await this.claim(article.id, storyId, signature.time);
      if (winner !== storyId) return { storyId: await this.resolve(winner), started: winner === article.id, evidence: [] };
      await this.addMember(storyId, article, signature, lookup);
      return { storyId, started: false, evidence: choice.evidence };
    }
    const winner = await this.claim(article.id, article.id, signature.time);
    if (winner !== article.id) return { storyId: await this.resolve(winner), started: false, evidence: [] };
    await this.put({ pk: `STORY#${article.id}`, sk: HEAD, type: 'story', startedAt: signature.time, memberCount: 0, expiresAt: this.retainUntil(signature.time) }, true);
    await this.addMember(article.id, article, signature, lookup);
    return this.settleStart(article, signature);
  }

  async coverage(storyIds: string[]): Promise<Map<string, StoryMember[]>> {
    const out = new Map<string, StoryMember[]>();
    await Promise.all(
      [...new Set(storyIds)].map(async (id) => {
        const members = await this.members(id, this.maxMembers, true);
        if (members.length > 1) out.set(id, members.map((m) => m.member));
      }),
    );
    return out;
  }

  /**
   * After starting a story, look again: a poll that started the same event at the same moment may now be visible. Both
   * polls must answer one story, though only the later look is sure to see the other start (see the class comment).
   */
  private async settleStart(article: StoryArticle, signature: ArticleSignature): Promise<StoryAssignment> {
    const own = article.id;
    const lookup = await this.lookUp(signature);
    lookup.stories.delete(own);
    const rival = chooseStory(signature, await this.candidateMembers(lookup, signature), this.story, lookup.frequency);
    if (!rival || rival.storyId === own) return this.keepAlone(own);
    const other = rival.storyId;
    // The rival is younger: fold it into this start, unless its poll kept it alone (it never saw this one).
    if (other > own && (await this.fold(other, own, true))) return { storyId: own, started: true, evidence: [] };
    if (await this.fold(own, other)) return { storyId: other, started: false, evidence: rival.evidence };
    return { storyId: await this.resolve(own, true), started: false, evidence: [] };
  }

  /** A start that saw no rival keeps its id, unless a rival that saw it has folded it meanwhile. */
  private async keepAlone(storyId: string): Promise<StoryAssignment> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `STORY#${storyId}`, sk: HEAD },
          UpdateExpression: 'SET alone = :alone',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
          ExpressionAttributeValues: { ':alone': true },
        }),
      );
      return { storyId, started: true, evidence: [] };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { storyId: await this.resolve(storyId, true), started: false, evidence: [] };
    }
  }

  /**
   * Marks `from` merged into `into` (once), then copies its members over: readers follow mergedInto. False, and
   * nothing copied, when `from` is merged elsewhere already, or (with `unlessAlone`) was kept alone.
   */
  private async fold(from: string, into: string, unlessAlone = false): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `STORY#${from}`, sk: HEAD },
          UpdateExpression: 'SET mergedInto = :into',
          ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(mergedInto) OR mergedInto = :into)${unlessAlone ? ' AND attribute_not_exists(alone)' : ''}`,
          ExpressionAttributeValues: { ':into': into },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return false;
    }
    for (const { item } of await this.members(from, this.maxMembers, true, false)) {
      if (await this.countMember(into)) await this.put({ ...item, pk: `STORY#${into}` }, false);
    }
    return true;
  }

  /** An earlier attempt's claim: eventually consistent for the retry of a poll (minutes later), strong after a race. */
  private async claimOf(articleId: string, consistent = false): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `STORY#${articleId}`, sk: CLAIM }, ConsistentRead: consistent }));
    return Item ? String(Item.storyId) : undefined;
  }

  /** Records the article's story unless an earlier attempt did; returns the story that holds. */
  private async claim(articleId: string, storyId: string, time: number): Promise<string> {
    const written = await this.put({ pk: `STORY#${articleId}`, sk: CLAIM, type: 'story-claim', storyId, expiresAt: this.retainUntil(time) }, true);
    return written ? storyId : ((await this.claimOf(articleId, true)) ?? storyId);
  }

  /** Follows mergedInto (a few hops at most: a story is folded once). */
  private async resolve(storyId: string, consistent = false): Promise<string> {
    let id = storyId;
    for (let hop = 0; hop < 4; hop++) {
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `STORY#${id}`, sk: HEAD }, ProjectionExpression: 'mergedInto', ConsistentRead: consistent }));
      if (!Item?.mergedInto) return id;
      id = String(Item.mergedInto);
    }
    return id;
  }

  private async addMember(storyId: string, article: StoryArticle, signature: ArticleSignature, lookup: Lookup): Promise<void> {
    const member = asCoverage(article);
    const stored: StoredSignature = { k: signature.keys, w: signature.weights, a: signature.anchors, n: signature.norm, c: signature.crossNorm, s: signature.script === 'cyrillic' ? 'c' : 'l', t: signature.time };
    const sk = `${MEMBER}${new Date(signature.time).toISOString()}#${article.id}`;
    const item = { sk, type: 'story-member', member, signature: stored, expiresAt: this.retainUntil(signature.time) };
    if (await this.countMember(storyId)) await this.put({ pk: `STORY#${storyId}`, ...item }, false);
    // A story folded meanwhile: the member goes where its readers look.
    const target = await this.resolve(storyId);
    if (target !== storyId && (await this.countMember(target))) await this.put({ pk: `STORY#${target}`, ...item }, false);
    const refreshBefore = signature.time - this.story.windowMs / 2;
    await Promise.all(
      lookup.keys
        .filter((key) => (lookup.seen.get(`${key} ${target}`) ?? -Infinity) < refreshBefore)
        .map((key) =>
          this.put({ pk: `STORYKEY#${key}`, sk: target, type: 'story-key', seen: signature.time, expiresAt: Math.ceil((signature.time + this.story.windowMs) / 1000) }, false),
        ),
    );
  }

  /** Counts a member on the story's head (an atomic ADD); false when the story already lists as many as it keeps. */
  private async countMember(storyId: string): Promise<boolean> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `STORY#${storyId}`, sk: HEAD },
        UpdateExpression: 'ADD memberCount :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.memberCount) <= this.maxMembers;
  }

  /** The postings of the article's heaviest names, numbers and dates within the window. */
  private async lookUp(signature: ArticleSignature): Promise<Lookup> {
    const keys = signature.keys.filter(isSpecific).slice(0, this.maxLookups);
    const since = signature.time - this.story.windowMs;
    const holders = new Map<string, number>();
    const stories = new Map<string, number>();
    const seen = new Map<string, number>();
    await Promise.all(
      keys.map(async (key) => {
        const { Items = [] } = await this.doc.send(
          new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `STORYKEY#${key}` }, Limit: this.commonStories + 1 }),
        );
        const recent = Items.filter((item) => Number(item.seen) >= since);
        holders.set(key, recent.length);
        for (const item of recent) seen.set(`${key} ${String(item.sk)}`, Number(item.seen));
        if (recent.length > this.commonStories) return;
        for (const item of recent) stories.set(String(item.sk), (stories.get(String(item.sk)) ?? 0) + 1);
      }),
    );
    return { keys, stories, seen, frequency: (key) => holders.get(key) ?? 1 };
  }

  private async candidateMembers(lookup: Lookup, signature: ArticleSignature): Promise<StoryMemberSignature[]> {
    const ids = [...lookup.stories].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, this.maxCandidates).map(([id]) => id);
    const lists = await Promise.all(
      ids.map(async (id) => (await this.members(id, this.membersCompared, false)).map(({ storyId, member, signature: s }) => ({ storyId, articleId: member.articleId, signature: s }))),
    );
    return lists.flat().filter((m) => m.articleId !== undefined && Math.abs(m.signature.time - signature.time) <= this.story.windowMs);
  }

  /**
   * A story's members, oldest first (`oldest`) or its newest `limit` (for comparison), following mergedInto unless
   * `follow` is false (folding reads the folded story's own members). One query
   * reads the head too: its sort key (STORY) sorts after every MEMBER#.
   */
  private async members(
    storyId: string,
    limit: number,
    oldest: boolean,
    follow = true,
  ): Promise<{ storyId: string; member: StoryMember; signature: ArticleSignature; item: Record<string, unknown> }[]> {
    let id = storyId;
    for (let hop = 0; hop < 4; hop++) {
      const { Items = [] } = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk >= :member',
          ExpressionAttributeValues: { ':pk': `STORY#${id}`, ':member': MEMBER },
          ScanIndexForward: oldest,
          // the head, and the members (at most maxMembers are ever written)
          Limit: limit + 1,
        }),
      );
      const head = Items.find((item) => item.sk === HEAD);
      if (follow && head?.mergedInto) {
        id = String(head.mergedInto);
        continue;
      }
      const rows = Items.filter((item) => String(item.sk).startsWith(MEMBER))
        .slice(0, limit)
        .map((item) => ({ storyId: id, member: item.member as StoryMember, signature: fromStored(item.signature as StoredSignature), item }));
      return oldest ? rows : rows.reverse();
    }
    return [];
  }

  /** Puts an item; with `onlyNew`, only if absent (returns false when it was there). */
  private async put(item: Record<string, unknown>, onlyNew: boolean): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ...(onlyNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}) }));
      return true;
    } catch (error) {
      if (onlyNew && isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Stories are kept as long as the articles they list. */
  private retainUntil(time: number): number {
    return Math.floor(time / 1000) + STORY_RETENTION_DAYS * 86_400;
  }
}

interface Lookup {
  keys: string[];
  /** Candidate story → keys it shares with the article. */
  stories: Map<string, number>;
  /** `<key> <storyId>` → when that posting was last written. */
  seen: Map<string, number>;
  frequency: (key: string) => number;
}

function fromStored(s: StoredSignature): ArticleSignature {
  // Labels are the new article's words in evidence; a stored signature needs none.
  return { keys: s.k, weights: s.w, anchors: s.a, labels: s.k, norm: s.n, crossNorm: s.c, script: s.s === 'c' ? 'cyrillic' : 'latin', time: s.t };
}

