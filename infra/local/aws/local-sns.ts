/**
 * SNS, locally: Publish to the stack's topics, with SNS's own checks on the subject and the message. A message goes
 * to the functions subscribed to its topic (as Lambda would get it) and is kept here, latest last, for the status
 * page, the outbox folder and the tests (what an email subscriber of the alarm topic would read).
 */
import { randomUUID } from 'node:crypto';
import { awsError, QUERY_NAMESPACES, type WireResponse, xmlEscape } from './aws-errors.js';
import type { WireRequest } from './iam-requests.js';
import { formParams } from './requests/wire.js';

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  /** ISO time it was accepted. */
  at: string;
}

export interface LocalSnsOptions {
  /** The ARNs of the stack's topics. */
  topicArns(): string[];
  /** Hands a message to the topic's subscribers (the local Lambda service). */
  deliver(topicArn: string, message: string, subject: string | undefined): void;
  /** Keeps a copy before the publisher hears it was accepted. */
  onPublished?(message: PublishedMessage): Promise<void> | void;
  now?: () => Date;
}

/** SNS's limits: 256 KB messages; subjects of at most 100 printable ASCII characters on one line. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const SUBJECT = /^[\x20-\x7e]{1,100}$/;
const KEEP = 1000;

export class LocalSns {
  private readonly published: PublishedMessage[] = [];

  constructor(private readonly options: LocalSnsOptions) {}

  /** The messages accepted so far (for one topic, when given), oldest first. */
  messages(topicArn?: string): PublishedMessage[] {
    return this.published.filter((m) => topicArn === undefined || m.topicArn === topicArn);
  }

  async handle(req: WireRequest): Promise<WireResponse> {
    const params = formParams(req);
    const action = params.get('Action');
    if (action !== 'Publish') return awsError('sns', 'InvalidAction', `the local SNS answers Publish only, not ${action ?? 'a request without an Action'}`);
    const topicArn = params.get('TopicArn') || params.get('TargetArn') || '';
    if (!this.options.topicArns().includes(topicArn)) return awsError('sns', 'NotFound', 'Topic does not exist', 404);
    const message = params.get('Message');
    if (!message) return awsError('sns', 'InvalidParameter', 'Invalid parameter: Empty message');
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) return awsError('sns', 'InvalidParameter', 'Invalid parameter: Message too long');
    const subject = params.get('Subject') ?? undefined;
    if (subject !== undefined && !SUBJECT.test(subject)) return awsError('sns', 'InvalidParameter', 'Invalid parameter: Subject');
    if (params.get('MessageStructure') === 'json') return awsError('sns', 'InvalidParameter', 'the local SNS does not take MessageStructure=json');

    const published: PublishedMessage = { messageId: randomUUID(), topicArn, ...(subject !== undefined ? { subject } : {}), message, at: (this.options.now?.() ?? new Date()).toISOString() };
    await this.options.onPublished?.(published);
    this.published.push(published);
    if (this.published.length > KEEP) this.published.splice(0, this.published.length - KEEP);
    this.options.deliver(topicArn, message, subject);
    const requestId = randomUUID();
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<PublishResponse xmlns="${QUERY_NAMESPACES.sns}"><PublishResult><MessageId>${xmlEscape(published.messageId)}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  }
}
