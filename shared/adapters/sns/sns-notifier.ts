import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AdminNotice, AdminNotifier } from '../../ports/admin-notices.js';

/** Admin notices as messages on an SNS topic (the alarm topic: email subscribers get the subject and the text). */
export class SnsNotifier implements AdminNotifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notice: AdminNotice): Promise<void> {
    await this.sns.send(new PublishCommand({ TopicArn: this.topicArn, Subject: notice.subject, Message: notice.message }));
  }
}
