/**
 * SES bounce and complaint notifications (through SNS), both shapes: configuration-set events
 * (`eventType`) and identity notifications (`notificationType`). Schemas are loose on purpose:
 * SES adds fields over time, and unknown fields must not make us drop a complaint.
 */
import * as z from 'zod/mini';
import '../zod-messages.js';
import { recipientAddress } from './email-address.js';

const recipient = z.looseObject({ emailAddress: z.string() });
const optionalText = z.optional(z.string());

export const sesNotificationSchema = z.looseObject({
  eventType: optionalText,
  notificationType: optionalText,
  mail: z.optional(z.looseObject({ messageId: optionalText, timestamp: optionalText })),
  bounce: z.optional(
    z.looseObject({
      bounceType: z.string(),
      bounceSubType: optionalText,
      bouncedRecipients: z.array(recipient),
      timestamp: optionalText,
      feedbackId: optionalText,
    }),
  ),
  complaint: z.optional(
    z.looseObject({
      complainedRecipients: z.array(recipient),
      complaintFeedbackType: optionalText,
      timestamp: optionalText,
      feedbackId: optionalText,
    }),
  ),
});

export type SesNotification = z.infer<typeof sesNotificationSchema>;

export type SesVerdict =
  | { kind: 'suppress'; reason: 'bounce' | 'complaint'; addresses: string[]; at: string; detail: string }
  | { kind: 'ignore'; why: string };

/** What one notification asks of us. `receivedAt` stands in when SES gave no timestamp. */
export function interpretSesNotification(raw: unknown, receivedAt: Date): SesVerdict {
  const parsed = sesNotificationSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignore', why: `not an SES notification: ${parsed.error.issues[0]?.path.join('.') || '(root)'} ${parsed.error.issues[0]?.message ?? ''}`.trim() };
  const n = parsed.data;
  const type = n.eventType ?? n.notificationType ?? '';
  const addresses = (list: { emailAddress: string }[]) => [...new Set(list.map((r) => recipientAddress(r.emailAddress)).filter((a): a is string => a !== undefined))];
  const at = (timestamp: string | undefined) => (timestamp && !Number.isNaN(Date.parse(timestamp)) ? new Date(timestamp).toISOString() : receivedAt.toISOString());

  if (type === 'Bounce') {
    if (!n.bounce) return { kind: 'ignore', why: 'Bounce without bounce details' };
    // Transient (mailbox full, greylisting) and Undetermined bounces may succeed later: never suppress on them.
    if (n.bounce.bounceType !== 'Permanent') return { kind: 'ignore', why: `${n.bounce.bounceType} bounce` };
    const list = addresses(n.bounce.bouncedRecipients);
    if (!list.length) return { kind: 'ignore', why: 'bounce without a valid recipient address' };
    return { kind: 'suppress', reason: 'bounce', addresses: list, at: at(n.bounce.timestamp), detail: `Permanent/${n.bounce.bounceSubType ?? 'General'}` };
  }
  if (type === 'Complaint') {
    if (!n.complaint) return { kind: 'ignore', why: 'Complaint without complaint details' };
    const list = addresses(n.complaint.complainedRecipients);
    if (!list.length) return { kind: 'ignore', why: 'complaint without a valid recipient address' };
    return { kind: 'suppress', reason: 'complaint', addresses: list, at: at(n.complaint.timestamp), detail: n.complaint.complaintFeedbackType ?? 'complaint' };
  }
  return { kind: 'ignore', why: type ? `${type} event` : 'no event type' };
}
