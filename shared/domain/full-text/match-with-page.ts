import type { TopicMatch } from '../topic.js';
import type { CompiledTopics } from '../topics/compile-topics.js';
import { matchArticle } from '../topics/match-article.js';

const PARAGRAPH_BREAK = '\n\n';

/** What an article is matched on: its title, its feed text, and its page's main text when it was fetched. */
export interface ArticleWithPage {
  title: string;
  /** The feed's text (summary, and content when the feed carries more). */
  excerpt: string;
  /** The page's main text, paragraphs one blank line apart (joinPageText). */
  pageText?: string;
}

/**
 * The topics an article matches on its title, its feed text and its page's text together (what the feed says is
 * never lost when a page leaves it out); a term found first in the page says so, with the page paragraph it is in.
 * The feed text is made one paragraph ahead of the page's, so the paragraph of a match is its count of paragraph
 * breaks: 0 is the feed text, n is the page's nth paragraph.
 */
export function matchWithPage(compiled: CompiledTopics, article: ArticleWithPage): TopicMatch[] {
  if (!article.pageText) return matchArticle(compiled, { title: article.title, text: article.excerpt });
  const text = `${article.excerpt.replace(/\s+/gu, ' ').trim()}${PARAGRAPH_BREAK}${article.pageText}`;
  return matchArticle(compiled, { title: article.title, text }, {
    locateText: (display, start) => {
      let paragraph = 0;
      for (let at = display.indexOf(PARAGRAPH_BREAK); at >= 0 && at < start; at = display.indexOf(PARAGRAPH_BREAK, at + PARAGRAPH_BREAK.length)) paragraph += 1;
      return paragraph > 0 ? { source: 'page', paragraph } : {};
    },
  });
}
