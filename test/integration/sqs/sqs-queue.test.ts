import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageBody, SQS_MAX_BYTES, SqsQueue } from '../../../shared/adapters/sqs/sqs-queue.js';
import { keepXmlChars } from '../../../shared/domain/text/xml-chars.js';
import { QueueSendError } from '../../../shared/ports/errors.js';
import { startTestSqs } from '../../support/fauxqs.js';

let sqs: Awaited<ReturnType<typeof startTestSqs>>;
let queues = 0;

beforeAll(async () => {
  sqs = await startTestSqs();
});
afterAll(async () => {
  await sqs.close();
});

async function freshQueue<T>() {
  const name = `queue-${++queues}`;
  const url = await sqs.createQueue(name);
  return { name, queue: new SqsQueue<T>(sqs.client, url), received: async () => (await sqs.drain(url)).map((b) => JSON.parse(b) as T) };
}

async function sendError(p: Promise<unknown>): Promise<QueueSendError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(QueueSendError);
  return error as QueueSendError;
}

describe('SqsQueue against the fauxqs emulator', () => {
  it('sends bodies in batches of 10', async () => {
    const { queue, received } = await freshQueue<{ n: number }>();
    const bodies = Array.from({ length: 23 }, (_, n) => ({ n }));
    await queue.send(bodies);
    expect((await received()).sort((a, b) => a.n - b.n)).toEqual(bodies);
  });

  it('a body with U+FFFE: the typed error names exactly its index, every other body arrives, and the cleaned text is accepted', async () => {
    const { name, queue, received } = await freshQueue<string>();
    const poison = 'CSTO summit\uFFFE in Minsk';
    const bodies = Array.from({ length: 12 }, (_, n) => (n === 10 ? poison : `body ${n}`));
    const error = await sendError(queue.send(bodies));
    expect(error.rejected).toEqual([{ index: 10, code: 'InvalidMessageContents', reason: expect.stringContaining('Invalid characters'), senderFault: true }]);
    expect(error.sentCount).toBe(11);
    expect(error.queue).toBe(name);
    expect((await received()).sort()).toEqual(bodies.filter((b) => b !== poison).sort());

    await queue.send([keepXmlChars(poison)]);
    expect(await received()).toEqual(['CSTO summit in Minsk']);
  });

  it('refuses a body over 256 KiB without sending it, and sends the rest', async () => {
    const { queue, received } = await freshQueue<string>();
    const tooLong = 'x'.repeat(SQS_MAX_BYTES);
    const error = await sendError(queue.send(['first', tooLong, 'last']));
    expect(error.rejected).toEqual([{ index: 1, code: 'MessageTooLong', reason: expect.stringContaining(`${SQS_MAX_BYTES + 2} bytes`), senderFault: true }]);
    expect(error.sentCount).toBe(2);
    expect((await received()).sort()).toEqual(['first', 'last']);
  });

  it('counts bytes, not characters: 256 KiB of Cyrillic is refused', async () => {
    const { queue, received } = await freshQueue<string>();
    const error = await sendError(queue.send(['Ж'.repeat(SQS_MAX_BYTES / 2)]));
    expect(error.rejected.map((r) => r.code)).toEqual(['MessageTooLong']);
    expect(await received()).toEqual([]);
  });

  it('keeps a batch within the size limit: large bodies go in several calls', async () => {
    const { queue, received } = await freshQueue<string>();
    // Six bodies of 200 KB are 1.2 MB: more than any single batch may carry.
    const bodies = Array.from({ length: 6 }, (_, n) => `${n}${'y'.repeat(200_000)}`);
    await queue.send(bodies);
    expect((await received()).map((b) => b[0]).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('a failed call throws the SDK error itself, not a QueueSendError', async () => {
    const queue = new SqsQueue<string>(sqs.client, sqs.queueUrl('missing'));
    const error = await queue.send(['hello']).then(() => undefined, (e: unknown) => e);
    expect(error).not.toBeInstanceOf(QueueSendError);
    expect(error).toMatchObject({ name: expect.stringMatching(/QueueDoesNotExist|NonExistentQueue/) });
  });

  it('sends nothing for no bodies', async () => {
    const { queue, received } = await freshQueue<string>();
    await queue.send([]);
    expect(await received()).toEqual([]);
  });

  it('carries characters beyond U+FFFF (emoji, CJK extension B) as JSON escapes that parse back to the same text', async () => {
    const { queue, received } = await freshQueue<{ title: string; terms: string[] }>();
    const body = { title: 'Summit 😀 in Minsk 𠀀 — «Карабах»', terms: ['😀', 'CSTO'] };
    await queue.send([body]);
    expect(await received()).toEqual([body]);
  });

  it.each([
    ['an emoji', '😀', '"\\ud83d\\ude00"'],
    ['plain BMP text, untouched', 'Карабах ✓', '"Карабах ✓"'],
    ['a lone surrogate, escaped by JSON.stringify itself', '\ud83d', '"\\ud83d"'],
  ])('messageBody: %s', (_name, text, expected) => {
    expect(messageBody(text)).toBe(expected);
    expect(JSON.parse(messageBody(text))).toBe(text);
  });
});
