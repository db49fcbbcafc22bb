import type { MatchField } from '../topic.js';
import { tokenizeField, type TokenizedField } from './tokenize.js';

/** What the matchers take: an article's title (may still carry markup) and its plain text. */
export interface MatchableArticle {
  title: string;
  text: string;
}

export type AnalysedArticle = Record<MatchField, TokenizedField>;

export const FIELDS: readonly MatchField[] = ['title', 'text'];

export function analyseArticle(article: MatchableArticle): AnalysedArticle {
  return { title: tokenizeField(article.title ?? ''), text: tokenizeField(article.text ?? '') };
}
