import * as z from 'zod/mini';
import './zod-messages.js';

/** Validators for queue message bodies (shared/domain/messages.ts), checked at each consumer's edge. */
const nonEmpty = () => z.string().check(z.minLength(1));
const matchedTerm = z.object({ term: z.string(), field: z.enum(['title', 'text']), snippet: z.string(), words: z.optional(z.string()), source: z.optional(z.literal('page')), paragraph: z.optional(z.int()) });
const topicMatches = z.array(z.object({ topicId: nonEmpty(), terms: z.array(matchedTerm) }));

export const articleMatchesSchema = z.object({
  articleId: nonEmpty(),
  storyId: z.optional(nonEmpty()),
  matches: topicMatches,
});

const contentType = z.optional(z.string().check(z.maxLength(200)));
/** A pushed body: in the message (base64) or named by its key in the push inbox. */
const pushedBody = z.union([z.strictObject({ key: nonEmpty(), contentType }), z.strictObject({ body: z.base64(), contentType })]);

export const pollRequestedSchema = z.object({
  feedIds: z.optional(z.array(nonEmpty())),
  feedId: z.optional(nonEmpty()),
  force: z.optional(z.boolean()),
  pushed: z.optional(pushedBody),
});

export const deliveryRequestedSchema = z.object({
  subscriberId: nonEmpty(),
  channel: z.enum(['email', 'telegram', 'webhook']),
  articleId: nonEmpty(),
  matches: topicMatches,
  storm: z.optional(z.array(z.object({ topicId: z.string(), count: z.number() }))),
  digestSlot: z.optional(z.iso.datetime()),
});

/** The first problem of a failed parse, as `path: message`. */
export function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}` : 'unknown';
}
