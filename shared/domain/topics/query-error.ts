/** An invalid topic query: names the topic, the 0-based position in the query and what was expected there. */
export class QueryError extends Error {
  constructor(
    readonly topicId: string,
    readonly position: number,
    readonly expected: string,
    readonly query: string,
  ) {
    super(
      `${topicId ? `topic "${topicId}": ` : ''}invalid query at position ${position}: expected ${expected}\n` +
        `  ${query}\n  ${' '.repeat(Math.min(position, query.length))}^`,
    );
    this.name = 'QueryError';
  }

  /** The same error attributed to a topic. */
  forTopic(topicId: string): QueryError {
    return new QueryError(topicId, this.position, this.expected, this.query);
  }
}
