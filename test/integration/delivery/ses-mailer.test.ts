import { MessageRejected, SendRawEmailCommand, SESClient, AccountSendingPausedException, ConfigurationSetSendingPausedException } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import sesLocal from 'aws-ses-v2-local';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMime } from '../../../shared/adapters/ses/compose-mime.js';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer.js';
import { DeliveryError, RecipientNotVerifiedError } from '../../../shared/ports/errors.js';
import type { OutgoingEmail } from '../../../shared/ports/senders.js';

const email: OutgoingEmail = {
  from: 'alerts@news.example',
  to: 'reader@example.org',
  subject: '[newshound] CSTO: Саммит ОДКБ <открылся>',
  html: '<p>CSTO &lt;summit&gt;</p>',
  text: 'CSTO <summit>',
  headers: { 'List-Unsubscribe': '<https://news.example/unsubscribe?token=a.b>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Reply-To': 'desk@news.example' },
};

describe('SesMailer against aws-ses-v2-local', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = await sesLocal({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a multipart raw email that SES accepts', async () => {
    const client = new SESClient({ endpoint: base, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const { messageId } = await new SesMailer(client).send(email);
    expect(messageId).toBeTruthy();
    const store = (await (await fetch(`${base}/store`)).json()) as { emails: { messageId: string; subject: string; destination: { to: string[] }; body: { html?: string; text?: string }; replyTo: string[] }[] };
    const stored = store.emails.find((e) => e.messageId === messageId)!;
    expect(stored.subject).toBe(email.subject);
    expect(stored.destination.to).toEqual(['reader@example.org']);
    expect(stored.body.html).toContain('CSTO &lt;summit&gt;');
    expect(stored.body.text?.trim()).toBe('CSTO <summit>');
    expect(stored.replyTo).toEqual(['desk@news.example']);
  });
});

describe('SesMailer: identities SES has not verified', () => {
  const rejected = (listed: string) =>
    new MessageRejected({ message: `Email address is not verified. The following identities failed the check in region EU-WEST-1: ${listed}`, $metadata: { httpStatusCode: 400 } });
  const client = new SESClient({ region: 'eu-west-1' });
  const ses = mockClient(client);
  const failure = async (error: Error) => {
    ses.reset();
    ses.on(SendRawEmailCommand).rejects(error);
    return new SesMailer(client).send({ ...email, from: 'News <Alerts@news.example>' }).then(() => undefined, (e: unknown) => e as DeliveryError);
  };

  it('tells a recipient the sandbox refuses (parked, its own message) from anything else', async () => {
    const err = await failure(rejected('reader@example.org'));
    expect(err).toBeInstanceOf(RecipientNotVerifiedError);
    expect(err!.action).toMatchObject({ kind: 'park', reason: expect.stringContaining('reader@example.org') });
  });

  it('halts when the sender is not verified: every message would fail alike', async () => {
    for (const listed of ['alerts@news.example', 'alerts@news.example, reader@example.org']) {
      const err = await failure(rejected(listed));
      expect(err).not.toBeInstanceOf(RecipientNotVerifiedError);
      expect(err!.action).toMatchObject({ kind: 'halt' });
    }
  });

  it('parks any other rejection, as before', async () => {
    const err = await failure(new MessageRejected({ message: 'Illegal address', $metadata: { httpStatusCode: 400 } }));
    expect(err).not.toBeInstanceOf(RecipientNotVerifiedError);
    expect(err!.action).toEqual({ kind: 'park', reason: 'MessageRejected: Illegal address' });
  });
});

describe('composeMime', () => {
  it('puts the RFC 8058 headers on the message and keeps both parts', async () => {
    const raw = (await composeMime(email)).toString('utf8');
    expect(raw).toMatch(/^List-Unsubscribe: <https:\/\/news\.example\/unsubscribe\?token=a\.b>\r$/m);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/m);
    expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8/m);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/m);
  });

  it('cannot be made to inject headers', async () => {
    const raw = (await composeMime({ ...email, subject: 'Hi\r\nBcc: victim@example.org', headers: { 'X-Test': 'a\r\nBcc: victim@example.org' } })).toString('utf8');
    expect(raw).not.toMatch(/^Bcc:/im);
    await expect(composeMime({ ...email, headers: { 'Bad Header:': 'x' } })).rejects.toThrow(/invalid header name/);
  });
});

/** The header `name` of a raw message, unfolded. */
const headerOf = (raw: string, name: string) => {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return head.split('\r\n').find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}: `))?.slice(name.length + 2);
};
/** Decodes RFC 2047 encoded words (UTF-8, B or Q), joining adjacent ones as RFC 2047 section 6.2 says. */
const decodeWords = (value: string) =>
  value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );

describe('composeMime: sender display name and List-Id', () => {
  const quotedCyrillic = 'Дежурный "ОДКБ", newshound';

  it('leaves a plain name as it is and quotes one with quotes and commas (RFC 5322 quoted-string)', async () => {
    expect(headerOf((await composeMime({ ...email, fromName: 'newshound' })).toString('utf8'), 'From')).toBe('newshound <alerts@news.example>');
    const raw = (await composeMime({ ...email, fromName: 'Desk "night", CSTO \\ wire' })).toString('utf8');
    expect(headerOf(raw, 'From')).toBe('"Desk \\"night\\", CSTO \\\\ wire" <alerts@news.example>');
  });

  it('encodes a Cyrillic name with quotes and commas as RFC 2047 words that decode back to it', async () => {
    const from = headerOf((await composeMime({ ...email, fromName: quotedCyrillic })).toString('utf8'), 'From')!;
    expect(from).toMatch(/^(=\?UTF-8\?[BQ]\?[^?\s]+\?=\s*)+ <alerts@news\.example>$/);
    expect(from).not.toMatch(/[",](?![^<]*>)/); // no bare specials in the phrase: only inside encoded words
    expect(decodeWords(from)).toBe(`${quotedCyrillic} <alerts@news.example>`);
  });

  it('writes List-Id as RFC 2919 phrase and <id>, encoding the phrase like a display name', async () => {
    const ascii = (await composeMime({ ...email, list: { id: 'csto.prod.news.example', name: 'newshound: CSTO "core"' } })).toString('utf8');
    expect(headerOf(ascii, 'List-Id')).toBe('"newshound: CSTO \\"core\\"" <csto.prod.news.example>');
    const cyrillic = headerOf((await composeMime({ ...email, list: { id: 'karabakh.prod.news.example', name: 'Новости: Карабах, "всё"' } })).toString('utf8'), 'List-Id')!;
    expect(cyrillic).toMatch(/^(=\?UTF-8\?[BQ]\?[^?\s]+\?=\s*)+ <karabakh\.prod\.news\.example>$/);
    expect(decodeWords(cyrillic)).toBe('Новости: Карабах, "всё" <karabakh.prod.news.example>');
  });

  it('refuses CR or LF in the display name or the list name instead of writing them into a header', async () => {
    await expect(composeMime({ ...email, fromName: 'newshound\r\nBcc: victim@example.org' })).rejects.toThrow(/fromName.*line break/);
    await expect(composeMime({ ...email, list: { id: 'csto.prod.news.example', name: 'x\nBcc: victim@example.org' } })).rejects.toThrow(/list name.*line break/);
    await expect(composeMime({ ...email, list: { id: 'csto prod>\r\nBcc: v@example.org', name: 'x' } })).rejects.toThrow(/list id/);
  });

  it('reaches aws-ses-v2-local so that its parser (mailparser) reads the name back', async () => {
    const server = await sesLocal({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = new SESClient({ endpoint: base, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const { messageId } = await new SesMailer(client).send({ ...email, fromName: quotedCyrillic });
      const store = (await (await fetch(`${base}/store`)).json()) as { emails: { messageId: string; from: string }[] };
      const stored = store.emails.find((e) => e.messageId === messageId)!;
      // One mailbox, its name whole (not split at the comma), which mailparser writes back as a quoted-string.
      expect(stored.from).toBe('"Дежурный \\"ОДКБ\\", newshound" <alerts@news.example>');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('SesMailer error mapping (aws-sdk-client-mock)', () => {
  // Mock this one client instance only (mocking the class would also catch the aws-ses-v2-local test's client).
  const client = new SESClient({ region: 'eu-west-1' });
  const ses = mockClient(client);
  const mailer = new SesMailer(client, { configurationSetName: 'alerts' });

  const named = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('sends SendRawEmail with the raw message, destination and configuration set', async () => {
    ses.reset();
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-1' });
    expect(await mailer.send(email)).toEqual({ messageId: 'm-1' });
    const input = ses.commandCalls(SendRawEmailCommand)[0]!.args[0].input;
    expect(input.Destinations).toEqual(['reader@example.org']);
    expect(input.ConfigurationSetName).toBe('alerts');
    expect(Buffer.from(input.RawMessage!.Data!).toString('utf8')).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it.each([
    ['throttling', named('Throttling', 'Maximum sending rate exceeded.'), { kind: 'retry', delaySeconds: 0 }],
    ['daily quota', named('Throttling', 'Daily message quota exceeded.'), { kind: 'retry', delaySeconds: 900 }],
    ['a 5xx', named('InternalFailure', 'oops', 500), { kind: 'retry', delaySeconds: 0 }],
    ['MessageRejected', new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }), { kind: 'park', reason: 'MessageRejected: Email address is not verified.' }],
    ['account sending paused', new AccountSendingPausedException({ message: 'Sending paused', $metadata: {} }), { kind: 'halt', reason: expect.stringContaining('AccountSendingPaused') }],
    ['configuration set paused', new ConfigurationSetSendingPausedException({ message: 'paused', ConfigurationSetName: 'alerts', $metadata: {} }), { kind: 'halt', reason: expect.stringContaining('ConfigurationSetSendingPaused') }],
    ['account suspended', new MessageRejected({ message: 'Sending suspended for this account.', $metadata: {} }), { kind: 'halt', reason: expect.stringContaining('suspended') }],
    ['unverified MAIL FROM', named('MailFromDomainNotVerifiedException', 'not verified'), { kind: 'halt', reason: expect.any(String) }],
  ])('maps %s', async (_n, error, action) => {
    ses.reset();
    ses.on(SendRawEmailCommand).rejects(error);
    const err = await mailer.send(email).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).action).toEqual(action);
    expect((err as DeliveryError).provider).toBe('ses');
  });
});
