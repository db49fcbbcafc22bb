/**
 * The local SNS as the SDK's SNS client (and so SnsNotifier) meets it: Publish accepted with a message id, kept and
 * handed to the topic's subscribers; SNS's own refusals (unknown topic, a subject SNS would refuse) as the SDK's
 * typed exceptions.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidParameterException, NotFoundException, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSns } from '../../../infra/local/aws/local-sns.js';
import { SnsNotifier } from '../../../shared/adapters/sns/sns-notifier.js';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:Newshound-local-Stateless-Alarms04B5A0BF';
const delivered: { topicArn: string; message: string; subject: string | undefined }[] = [];
const sns = new LocalSns({ topicArns: () => [TOPIC], deliver: (topicArn, message, subject) => delivered.push({ topicArn, message, subject }), now: () => new Date('2026-11-20T10:00:00.000Z') });
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://local');
    void sns
      .handle({ method: req.method ?? 'POST', path: url.pathname, query: url.searchParams, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) })
      .then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body));
  });
});
let client: SNSClient;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  client = new SNSClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: { accessKeyId: 'LOCAL', secretAccessKey: 'local' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('LocalSns', () => {
  it('accepts a notice, keeps it and hands it to the topic\'s subscribers', async () => {
    await new SnsNotifier(client, TOPIC).notify({ subject: 'newshound local: 1 feed failing for over 24 h', message: 'wire: HTTP 404 <b>&amp;</b>\n' });
    expect(sns.messages(TOPIC)).toEqual([
      { messageId: expect.stringMatching(/^[0-9a-f-]{36}$/), topicArn: TOPIC, subject: 'newshound local: 1 feed failing for over 24 h', message: 'wire: HTTP 404 <b>&amp;</b>\n', at: '2026-11-20T10:00:00.000Z' },
    ]);
    expect(delivered).toEqual([{ topicArn: TOPIC, message: 'wire: HTTP 404 <b>&amp;</b>\n', subject: 'newshound local: 1 feed failing for over 24 h' }]);
    expect(sns.messages('arn:aws:sns:us-east-1:000000000000:other')).toEqual([]);
  });

  it.each<[string, { topic?: string; subject?: string; message?: string }, typeof NotFoundException | typeof InvalidParameterException]>([
    ['a topic the stack does not have', { topic: `${TOPIC}x` }, NotFoundException],
    ['a subject over 100 characters', { subject: 'x'.repeat(101) }, InvalidParameterException],
    ['a subject on two lines', { subject: 'one\ntwo' }, InvalidParameterException],
    ['a subject that is not ASCII', { subject: 'Карабах' }, InvalidParameterException],
    ['an empty message', { message: '' }, InvalidParameterException],
  ])('refuses %s, as SNS does', async (_name, input, exception) => {
    const before = sns.messages().length;
    const notifier = new SnsNotifier(client, input.topic ?? TOPIC);
    await expect(notifier.notify({ subject: input.subject ?? 'ok', message: input.message ?? 'text' })).rejects.toBeInstanceOf(exception);
    expect(sns.messages()).toHaveLength(before);
  });
});
