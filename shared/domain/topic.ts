/** A topic as configured by admins in infra/config. */
export interface TopicExample {
  title: string;
  text?: string;
}

export interface Topic {
  id: string;
  name: string;
  query: string;
  description?: string;
  examples?: { match?: TopicExample[]; noMatch?: TopicExample[] };
}

export type MatchField = 'title' | 'text';

/** Why an article matched a topic: which term, where, with a short snippet. */
export interface MatchedTerm {
  /** The term as written in the query (`"exact phrase"`, `Карабах*`); readers see termLabel() of it. */
  term: string;
  field: MatchField;
  snippet: string;
  /** For a term with a prefix (`*`): the words of the article it matched first (`Карабаха`). */
  words?: string;
  /** Set when the term was found in the article's page rather than in its feed: the page's text was fetched (full text). */
  source?: 'page';
  /** With `source: 'page'`: the paragraph of the page's main text it is in, from 1. */
  paragraph?: number;
}

export interface TopicMatch {
  topicId: string;
  terms: MatchedTerm[];
}

/** Past-tense domain event: an article matched a topic. Stored as an outbox entry. */
export interface ArticleMatched {
  articleId: string;
  topicId: string;
  terms: MatchedTerm[];
  matchedAt: string;
  /** The article's story: fan-out alerts each topic once per story. Absent on matches stored before stories. */
  storyId?: string;
}
