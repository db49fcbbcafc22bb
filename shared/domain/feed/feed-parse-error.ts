export type FeedParseReason =
  | 'empty'
  | 'not-a-feed'
  | 'malformed'
  | 'entity-declarations'
  | 'too-large'
  | 'too-deep'
  | 'timeout';

/** The document cannot be read as a feed; `reason` says why in one word, the message in one line. */
export class FeedParseError extends Error {
  constructor(
    readonly reason: FeedParseReason,
    message: string,
  ) {
    super(message);
    this.name = 'FeedParseError';
  }
}
