/**
 * Where a pattern next occurs at or after a position, for scanners that move forward through one text.
 * The last answer is remembered: a question from a position between the previous one and its answer has the
 * same answer, and "nowhere" stays nowhere for every later position. So a scanner that asks from positions
 * that (mostly) grow looks at each character a bounded number of times, however often it asks, instead of
 * rescanning to the end for every unclosed construct.
 */
export class ForwardSearch {
  private from = -1;
  private found = -1;
  private foundLength = 0;
  private readonly regex: RegExp | undefined;

  /** A literal needle (case-sensitive), or a regex (its flags are kept; `g` is added). */
  constructor(
    private readonly text: string,
    private readonly needle: string | RegExp,
  ) {
    if (typeof needle !== 'string') this.regex = new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : `${needle.flags}g`);
  }

  /** Index of the next occurrence at or after `position`, or -1. */
  next(position: number): number {
    if (this.from >= 0 && position >= this.from && (this.found < 0 || position <= this.found)) return this.found;
    this.from = position;
    if (this.regex) {
      this.regex.lastIndex = position;
      const match = this.regex.exec(this.text);
      this.found = match?.index ?? -1;
      this.foundLength = match?.[0].length ?? 0;
    } else {
      this.found = this.text.indexOf(this.needle as string, position);
      this.foundLength = this.found < 0 ? 0 : (this.needle as string).length;
    }
    return this.found;
  }

  /** Length of the occurrence `next` answered last. */
  get length(): number {
    return this.foundLength;
  }
}
