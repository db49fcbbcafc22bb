/**
 * Builds the raw MIME message (multipart/alternative, text + HTML) with nodemailer's MimeNode, the
 * MIME tree builder its MailComposer is made of: header encoding (RFC 2047), folding, the
 * 7bit / quoted-printable / base64 choice and boundaries stay the library's; no hand-written MIME.
 * MailComposer itself is not used: it adds attachment handling and both MIME-type tables
 * (~45 KB more in every Lambda that sends email) for options we never pass.
 */
import MimeNode from 'nodemailer/lib/mime-node';
import type { OutgoingEmail } from '../../ports/senders.js';

const noNewlines = (value: string) => value.replace(/[\r\n]+/g, ' ');

/** Never fetch remote content or read files, whatever a part's content looks like. */
const NODE_OPTIONS = { disableFileAccess: true, disableUrlAccess: true } as const;

export async function composeMime(email: OutgoingEmail, opts: { date?: Date; messageId?: string } = {}): Promise<Buffer> {
  const custom: { key: string; value: string }[] = [];
  let replyTo: string | undefined;
  for (const [name, value] of Object.entries(email.headers ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`composeMime: invalid header name "${name}"`);
    if (name.toLowerCase() === 'reply-to') replyTo = noNewlines(value);
    else custom.push({ key: name, value: noNewlines(value) });
  }

  // As MailComposer does: multipart/alternative when there are both parts, else the one part.
  const parts = [
    ...(email.text ? [{ contentType: 'text/plain; charset=utf-8', content: email.text }] : []),
    ...(email.html ? [{ contentType: 'text/html; charset=utf-8', content: email.html }] : []),
  ];
  let root: MimeNode;
  if (parts.length > 1) {
    root = new MimeNode('multipart/alternative', NODE_OPTIONS);
    for (const part of parts) root.createChild(part.contentType, NODE_OPTIONS).setContent(part.content);
  } else {
    const only = parts[0] ?? { contentType: 'text/plain; charset=utf-8', content: '' };
    root = new MimeNode(only.contentType, NODE_OPTIONS).setContent(only.content);
  }

  // Custom headers first; the fields below replace any of the same name (as in MailComposer).
  root.addHeader(custom);
  root.setHeader('From', noNewlines(email.from));
  root.setHeader('To', noNewlines(email.to));
  if (replyTo) root.setHeader('Reply-To', replyTo);
  root.setHeader('Subject', noNewlines(email.subject));
  if (opts.messageId) root.setHeader('Message-ID', opts.messageId);
  if (opts.date) root.setHeader('Date', opts.date.toUTCString().replace(/GMT/, '+0000'));
  root.messageId(); // ensures a Message-ID
  return root.build();
}
