import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { describeMessage } from '../../../cli/admin/dead-letters.js';

const workQueue = { source: { url: 'https://sqs/poll', arn: 'arn:aws:sqs:eu-west-1:1:poll' } };
const asyncQueue = {};
const message = (attributes: Record<string, string>, extra: Partial<Message> = {}): Message => ({
  MessageId: 'm-1',
  Body: '{"feedId":"wire"}',
  Attributes: { SentTimestamp: String(Date.parse('2025-06-01T10:00:00Z')), ApproximateReceiveCount: '2' },
  MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
  ...extra,
});

describe('describeMessage: why a message was parked', () => {
  it.each<[string, Record<string, string>, object, string]>([
    ["the consumer's reason", { reason: 'SES MessageRejected: Email address is not verified' }, workQueue, 'SES MessageRejected: Email address is not verified'],
    ["Lambda's async failure (its ErrorCode is the invoke's 200)", { RequestID: 'r', ErrorCode: '200', ErrorMessage: 'TypeError: x is undefined' }, asyncQueue, 'TypeError: x is undefined'],
    ["Scheduler's failure to invoke, with its code", { ERROR_CODE: 'AWS.Lambda.TooManyRequestsException', ERROR_MESSAGE: 'Rate exceeded', TARGET_ARN: 'arn:aws:lambda:eu-west-1:1:function:f' }, asyncQueue, 'Rate exceeded (AWS.Lambda.TooManyRequestsException)'],
    ["SQS's own redrive (the function died every time)", {}, workQueue, 'no reason recorded: SQS moved it after its maximum receives (the function died or timed out every time)'],
    ['an async message without attributes', {}, asyncQueue, 'no reason recorded'],
  ])('%s', (_name, attributes, queue, reason) => {
    expect(describeMessage(message(attributes), queue).reason).toBe(reason);
  });

  it('keeps when it was parked, how often it was received, its target and its body', () => {
    expect(describeMessage(message({ ERROR_MESSAGE: 'x', TARGET_ARN: 'arn:aws:lambda:eu-west-1:1:function:f' }), asyncQueue)).toMatchObject({
      id: 'm-1',
      sentAt: '2025-06-01T10:00:00.000Z',
      receiveCount: 2,
      target: 'arn:aws:lambda:eu-west-1:1:function:f',
      body: '{"feedId":"wire"}',
    });
  });
});
