/**
 * Builds the raw MIME message (multipart/alternative, text + HTML) with nodemailer's MimeNode, the
 * MIME tree builder its MailComposer is made of: header encoding (RFC 2047), folding, the
 * 7bit / quoted-printable / base64 choice and boundaries stay the library's; no hand-written MIME.
 * MailComposer itself is not used: it adds attachment handling and both MIME-type tables
 * (~45 KB more in every Lambda that sends email) for options we never pass.
 */
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import type { OutgoingEmail } from '../../ports/senders.js';

const noNewlines = (value: string) => value.replace(/[\r\n]+/g, ' ');

/** Names from config go into structured headers whole: a line break there is a mistake to refuse, not to mend. */
function singleLine(value: string, what: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`composeMime: the ${what} contains a line break; header values must be one line`);
  return value;
}

/** An RFC 5322 phrase: as it is when only word characters and spaces, a quoted-string when ASCII, else RFC 2047 words. */
function phrase(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  return /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeWord(name, 'B', 52);
}

/** RFC 2919: list-id is a dot-atom; anything else would let the value close the angle brackets. */
const LIST_ID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$/;

/** Never fetch remote content or read files, whatever a part's content looks like. */
const NODE_OPTIONS = { disableFileAccess: true, disableUrlAccess: true } as const;

type StructuredValue = string | { name: string; address: string } | { value: string; prepared: true; foldLines: true };
const setStructured = (node: MimeNode, key: string, value: StructuredValue) => (node.setHeader as (key: string, value: StructuredValue) => MimeNode).call(node, key, value);

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
  if (email.list) {
    if (!LIST_ID.test(email.list.id)) throw new Error(`composeMime: the list id "${noNewlines(email.list.id)}" is not a dot-atom (RFC 2919)`);
    // Prepared: encoded here as a phrase, which MimeNode's encoding of unstructured headers would not give.
    setStructured(root, 'List-Id', { value: `${phrase(singleLine(email.list.name, 'list name'))} <${email.list.id}>`, prepared: true, foldLines: true });
  }
  const address = noNewlines(email.from);
  // MimeNode quotes or RFC 2047-encodes the display name of an address object (its typings only list strings).
  setStructured(root, 'From', email.fromName ? { name: singleLine(email.fromName, 'sender name (fromName)'), address } : address);
  root.setHeader('To', noNewlines(email.to));
  if (replyTo) root.setHeader('Reply-To', replyTo);
  root.setHeader('Subject', noNewlines(email.subject));
  if (opts.messageId) root.setHeader('Message-ID', opts.messageId);
  if (opts.date) root.setHeader('Date', opts.date.toUTCString().replace(/GMT/, '+0000'));
  root.messageId(); // ensures a Message-ID
  return root.build();
}
