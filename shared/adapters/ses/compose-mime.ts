/** Builds the raw MIME message (multipart/alternative, text + HTML) with nodemailer's MailComposer: no hand-written MIME. */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingEmail } from '../../ports/senders.js';

const noNewlines = (value: string) => value.replace(/[\r\n]+/g, ' ');

export async function composeMime(email: OutgoingEmail, opts: { date?: Date; messageId?: string } = {}): Promise<Buffer> {
  const headers: Record<string, string> = {};
  let replyTo: string | undefined;
  for (const [name, value] of Object.entries(email.headers ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`composeMime: invalid header name "${name}"`);
    if (name.toLowerCase() === 'reply-to') replyTo = noNewlines(value);
    else headers[name] = noNewlines(value);
  }
  const composer = new MailComposer({
    from: noNewlines(email.from),
    to: noNewlines(email.to),
    subject: noNewlines(email.subject),
    text: email.text,
    html: email.html,
    headers,
    ...(replyTo ? { replyTo } : {}),
    ...(opts.date ? { date: opts.date } : {}),
    ...(opts.messageId ? { messageId: opts.messageId } : {}),
    // Keep the 7bit/quoted-printable choice to nodemailer; never let it fetch remote content.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
