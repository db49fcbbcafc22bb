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
        `  ${query}\n  ${' '.repeat([...query.slice(0, position)].length)}^`,
    );
    this.name = 'QueryError';
  }
}
