/** What the bot says, in Telegram's HTML parse mode: every name and argument escaped. */
import { escapeTelegram as e } from '../render/escape.js';
import type { Subscriber } from '../subscriber.js';
import type { Topic } from '../topic.js';
import { describeDelivery } from './describe-preferences.js';

type TopicRef = Pick<Topic, 'id' | 'name'>;

const COMMANDS = [
  '/topics – the topics you can follow',
  '/subscribe &lt;topic&gt; – get alerts for a topic',
  '/unsubscribe &lt;topic&gt; – stop alerts for a topic',
  '/mode instant|digest – alerts at once, or one daily digest',
  '/stop – stop all alerts',
].join('\n');

function topicLine(t: TopicRef, followed: boolean): string {
  return `${followed ? '✅' : '▫️'} <b>${e(t.name)}</b> – <code>${e(t.id)}</code>`;
}

function names(ids: readonly string[], topics: readonly TopicRef[]): string {
  return ids.map((id) => `<b>${e(topics.find((t) => t.id === id)?.name ?? id)}</b>`).join(', ');
}

export function helpReply(topics: readonly TopicRef[], opening = 'I send news alerts for the topics you follow.'): string {
  const example = topics[0] ? `\n\nFor example: <code>/subscribe ${e(topics[0].id)}</code>` : '';
  return `${opening}\n\n${COMMANDS}${example}`;
}

export function unknownCommandReply(name: string, topics: readonly TopicRef[]): string {
  return helpReply(topics, name ? `I don't know the command /${e(name)}.` : "I only understand commands.");
}

/** What the chat follows now, in full (so nothing it follows comes as a surprise). */
function followingLine(sub: Subscriber | undefined, topics: readonly TopicRef[]): string {
  const followed = sub?.status === 'active' ? sub.topics : [];
  return followed.length ? `You follow ${names(followed, topics)}.` : 'You follow no topics.';
}

export function welcomeReply(sub: Subscriber, topics: readonly TopicRef[], added: readonly string[]): string {
  const lines = ['Welcome to <b>newshound</b> news alerts.'];
  if (added.length || sub.topics.length) lines.push(followingLine(sub, topics));
  lines.push('', 'Topics:', ...topics.map((t) => topicLine(t, sub.topics.includes(t.id))), '', COMMANDS);
  return lines.join('\n');
}

/** `followed`: the topics the chat gets alerts for. */
export function topicsReply(followed: readonly string[], topics: readonly TopicRef[]): string {
  return ['Topics (✅ = you get alerts):', ...topics.map((t) => topicLine(t, followed.includes(t.id))), '', 'Follow one with <code>/subscribe &lt;topic&gt;</code>.'].join('\n');
}

export function subscribeReply(result: { added: string[]; already: string[]; unknown: string[]; sub: Subscriber }, topics: readonly TopicRef[]): string {
  const lines: string[] = [];
  if (result.added.length) lines.push(`Subscribed to ${names(result.added, topics)}. ${followingLine(result.sub, topics)} You get alerts ${e(describeDelivery(result.sub))}.`);
  if (result.already.length) lines.push(`You already follow ${names(result.already, topics)}.`);
  if (result.unknown.length) lines.push(unknownTopicsReply(result.unknown));
  if (!result.added.length && !result.already.length) lines.push('', 'Topics:', ...topics.map((t) => topicLine(t, result.sub.topics.includes(t.id))), '', 'Usage: <code>/subscribe &lt;topic&gt;</code>');
  return lines.join('\n').trim();
}

export function unsubscribeReply(result: { removed: string[]; notFollowed: string[]; unknown: string[]; sub: Subscriber | undefined }, topics: readonly TopicRef[]): string {
  const lines: string[] = [];
  if (result.removed.length) lines.push(`Unsubscribed from ${names(result.removed, topics)}.`);
  if (result.notFollowed.length) lines.push(`You don't follow ${names(result.notFollowed, topics)}.`);
  if (result.unknown.length) lines.push(unknownTopicsReply(result.unknown));
  if (!result.removed.length && !result.notFollowed.length) lines.push('Usage: <code>/unsubscribe &lt;topic&gt;</code> (or /stop for everything).');
  const left = result.sub?.status === 'active' ? result.sub.topics : [];
  if (result.removed.length) lines.push(left.length ? `You still follow ${names(left, topics)}.` : 'You follow no topics now.');
  return lines.join('\n');
}

export function unknownTopicsReply(unknown: readonly string[]): string {
  return `I don't know the topic ${unknown.map((u) => `“${e(u)}”`).join(', ')}. Send /topics for the list.`;
}

export function modeReply(sub: Subscriber): string {
  const followed = sub.status === 'active' ? sub.topics : [];
  return `You get alerts ${e(describeDelivery(sub))}.${followed.length ? '' : ' You follow no topics yet: send <code>/subscribe &lt;topic&gt;</code>.'}`;
}

export function modeUsageReply(): string {
  return 'Usage: <code>/mode instant</code> or <code>/mode digest</code>';
}

export function stopReply(): string {
  return 'Stopped: you will get no more alerts here. Send <code>/subscribe &lt;topic&gt;</code> to follow a topic again.';
}
