import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, type Subscription } from '@aws-sdk/client-sns';
import type { Check } from '../report.js';
import type { AdminSession } from '../session.js';

/** Someone receives the alarms: the alarm topic has a confirmed subscriber. */
export async function alarmSubscribersCheck(session: AdminSession): Promise<Check> {
  const base = { id: 'alarm-subscribers', title: 'Alarm subscribers' };
  const topic = session.stack.ofType('AWS::SNS::Topic', 'Alarms')[0]?.physicalId;
  if (!topic) return { ...base, status: 'action', detail: `${session.stack.names.stateless} has no alarm topic`, fix: 'deploy the current stacks: npx cdk deploy --all' };
  const subscriptions: Subscription[] = [];
  let token: string | undefined;
  do {
    const page = await session.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: token }));
    subscriptions.push(...(page.Subscriptions ?? []));
    token = page.NextToken;
  } while (token);
  const confirmed: string[] = [];
  const pending: string[] = [];
  for (const s of subscriptions) {
    const who = `${s.Endpoint ?? '?'} (${s.Protocol ?? '?'})`;
    if (!s.SubscriptionArn || s.SubscriptionArn === 'PendingConfirmation') {
      pending.push(who);
      continue;
    }
    const { Attributes = {} } = await session.clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn }));
    (Attributes.PendingConfirmation === 'true' ? pending : confirmed).push(who);
  }
  if (confirmed.length > 0) return { ...base, status: 'ok', detail: `${confirmed.join(', ')} receive${confirmed.length === 1 ? 's' : ''} the alarms${pending.length ? ` (not yet confirmed: ${pending.join(', ')})` : ''}` };
  if (pending.length > 0) {
    return { ...base, status: 'action', detail: `nobody receives the alarms yet: ${pending.join(', ')} has not confirmed`, fix: 'open the "AWS Notification - Subscription Confirmation" email SNS sent and follow its Confirm subscription link' };
  }
  return {
    ...base,
    status: 'action',
    detail: 'nobody receives the alarms: the alarm topic has no subscriber',
    fix: `aws sns subscribe --topic-arn ${topic} --protocol email --notification-endpoint <you@example.org> (or deploy with -c alarmEmail=<you@example.org>), then confirm the email`,
  };
}
