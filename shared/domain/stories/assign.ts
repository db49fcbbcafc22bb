import { type ArticleSignature, isCommonPlace, isSpecific, isYear, keyKind, TITLE_TERM_WEIGHT } from './signature.js';
import { describeEvidence, similarity, type Similarity, type StoryFrequency } from './similarity.js';

export interface StoryOptions {
  /** An article joins a story only if one of its members is at most this far away in time. */
  windowMs: number;
  /** Least score to join, for articles in the same script. */
  threshold: number;
  /** Least score to join across scripts (names, numbers, dates and topics only). */
  crossThreshold: number;
  /**
   * Least number of shared event keys (names, numbers or dates; not years, common places or the topics' own words)
   * held by at most 4 stories of the window (rarity ≥ 0.5).
   */
  minSpecific: number;
}

export const DEFAULT_STORY_OPTIONS: StoryOptions = { windowMs: 48 * 3_600_000, threshold: 0.3, crossThreshold: 0.3, minSpecific: 1 };

/** A recorded article, as assignment compares with it. */
export interface StoryMemberSignature {
  storyId: string;
  articleId: string;
  signature: ArticleSignature;
}

export interface StoryChoice {
  storyId: string;
  score: number;
  evidence: string[];
  similarity: Similarity;
}

/**
 * Whether `sim` is enough to put two articles in one story. A topic and a year are what every article of the topic
 * shares, and a country or capital is where many events happen ("CSTO drills near Yerevan" is not "Armenia skips CSTO
 * drills", whose text names Yerevan): a join needs `minSpecific` shared event keys (see `eventKey`), or the same headline.
 */
export function joins(sim: Similarity, options: StoryOptions, a?: ArticleSignature, b?: ArticleSignature): boolean {
  if (a && b && !anchored(a, b)) return false;
  const specific = sim.shared.filter((s) => eventKey(s.key) && s.rarity >= 0.5).length;
  const evidence = specific >= options.minSpecific || (a !== undefined && b !== undefined && sameHeadline(a, b));
  return evidence && sim.score >= (sim.crossLanguage ? options.crossThreshold : options.threshold);
}

/**
 * The same headline: a copy ("CSTO council meets in Minsk to agree on air defence" in two outlets) joins on it even
 * when its text names only the topic and a capital. The titles hold the same names, numbers, dates and topics, and
 * share at least three of their words, names and topics and three quarters of the longer title's.
 */
export function sameHeadline(a: ArticleSignature, b: ArticleSignature): boolean {
  const anchorsOf = (s: ArticleSignature) => new Set(s.anchors.map((i) => s.keys[i]!));
  const anchorsA = anchorsOf(a);
  const anchorsB = anchorsOf(b);
  if (anchorsA.size !== anchorsB.size || [...anchorsA].some((key) => !anchorsB.has(key))) return false;
  const headline = (s: ArticleSignature, anchors: Set<string>) => new Set(s.keys.filter((key, i) => anchors.has(key) || (keyKind(key) === 'term' && s.weights[i]! >= TITLE_TERM_WEIGHT)));
  const headA = headline(a, anchorsA);
  const headB = headline(b, anchorsB);
  const shared = [...headA].filter((key) => headB.has(key)).length;
  return shared >= 3 && shared >= 0.75 * Math.max(headA.size, headB.size);
}

/** A name, number or date that can tell one event from another: not a year, not a common place (nor a topic). */
export function eventKey(key: string): boolean {
  return isSpecific(key) && !isYear(key) && !isCommonPlace(key);
}

/**
 * The story a new article belongs to: the story of its most similar member within the window, when that similarity
 * joins; undefined when it starts a story. Ties go to the older story id, so every caller picks the same.
 */
export function chooseStory(
  article: ArticleSignature,
  members: Iterable<StoryMemberSignature>,
  options: StoryOptions = DEFAULT_STORY_OPTIONS,
  frequency?: StoryFrequency,
): StoryChoice | undefined {
  let best: StoryChoice | undefined;
  for (const member of members) {
    if (Math.abs(member.signature.time - article.time) > options.windowMs) continue;
    const sim = similarity(article, member.signature, frequency);
    if (!joins(sim, options, article, member.signature)) continue;
    if (!best || sim.score > best.score || (sim.score === best.score && member.storyId < best.storyId)) {
      best = { storyId: member.storyId, score: sim.score, evidence: describeEvidence(sim.shared), similarity: sim };
    }
  }
  return best;
}

/**
 * Headlines that name different things report different events: when both titles hold names, numbers, dates or
 * topics, each title must have one of them in the other article, at least one of the two a name, number or date
 * (a topic alone is what every article of the topic shares); or one title must have a number or date the other
 * article has ("rate cut to 6.5%"). "Shells hit Tegh in Syunik" never joins "Soldier wounded near Sotk", however
 * alike the rest reads.
 */
export function anchored(a: ArticleSignature, b: ArticleSignature): boolean {
  if (a.anchors.length === 0 || b.anchors.length === 0) return true;
  const found = (from: ArticleSignature, to: ArticleSignature) => from.anchors.map((i) => from.keys[i]!).filter((key) => to.keys.includes(key));
  const ab = found(a, b);
  const ba = found(b, a);
  const specific = (keys: string[]) => keys.some((key) => keyKind(key) !== 'topic');
  if (ab.length > 0 && ba.length > 0 && (specific(ab) || specific(ba))) return true;
  return [...ab, ...ba].some((key) => keyKind(key) === 'number' || keyKind(key) === 'date');
}
