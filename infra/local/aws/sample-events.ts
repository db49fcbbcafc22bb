/**
 * One realistic event per function, as its trigger would deliver it, for cold-starting the deployed bundles (the
 * cold-start test and bench). None reaches beyond loopback: the poll names a feed that is not configured (a real one
 * would be fetched from the internet), and the Telegram update comes without Telegram's secret header.
 */
import type { FunctionName } from '../../../shared/topology/functions.js';
import type { LocalCloud } from './local-cloud.js';
import { httpEvent, queueEvent, scheduledEvent, topicEvent } from './trigger-events.js';

const delivery = (channel: string) => ({ subscriberId: 'nobody', channel, articleId: 'article-1', matches: [{ topicId: 'csto', terms: [{ term: 'csto', field: 'title', snippet: 'CSTO' }] }] });

export async function sampleEvent(cloud: LocalCloud, name: FunctionName): Promise<unknown> {
  switch (name) {
    case 'dispatch-polls':
    case 'send-digests':
    case 'sweep-outbox':
      return scheduledEvent(cloud, name);
    case 'poll-feed':
      return queueEvent(cloud, name, [{ feedId: 'not-configured' }]);
    case 'fan-out':
      return queueEvent(cloud, name, [{ articleId: 'article-1', matches: delivery('email').matches }]);
    case 'send-email':
      return queueEvent(cloud, name, [delivery('email')]);
    case 'send-telegram':
      return queueEvent(cloud, name, [delivery('telegram')]);
    case 'send-webhook':
      return queueEvent(cloud, name, [delivery('webhook')]);
    case 'publish-feeds':
      return queueEvent(cloud, name, [{ topicId: 'csto' }, { topicId: 'csto' }]);
    case 'subscriptions':
      return httpEvent(cloud, name, { method: 'GET', path: '/subscribe' });
    case 'telegram-webhook':
      return httpEvent(cloud, name, {
        method: 'POST',
        path: '/telegram/webhook',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, text: '/start' } }),
      });
    case 'websub-callback':
      // A push for a callback nobody was given: refused without touching anything.
      return httpEvent(cloud, name, { method: 'POST', path: '/websub', query: 'feed=world-wire&token=guessed', headers: { 'content-type': 'application/atom+xml', 'x-hub-signature': 'sha256=00' }, body: '<feed/>' });
    case 'websub-subscribe':
      return scheduledEvent(cloud, name);
    case 'ses-events':
      return topicEvent(cloud, name, { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'gone@example.org' }] }, mail: { messageId: 'm-1' } });
  }
}
