/**
 * What a Telegram chat follows. A chat that left (/stop, or the bot was blocked or removed) follows nothing: coming
 * back starts from no topics, so a record's old topics never return unasked. A record shared with email or a
 * webhook keeps its topics for those; the chat comes back on a record of its own.
 */
import type { Subscriber } from '../subscriber.js';
import { preferredHolder } from './holders.js';

/** The record sends this chat alerts (or would, after a pause). */
export function receivesOnTelegram(sub: Subscriber | undefined): boolean {
  return sub !== undefined && (sub.status === 'active' || sub.status === 'paused') && sub.channels.includes('telegram');
}

/** The topics the chat gets alerts for (none when it left). */
export function chatTopics(sub: Subscriber | undefined): string[] {
  return receivesOnTelegram(sub) && sub!.status === 'active' ? sub!.topics : [];
}

/** The record a chat's command acts on: one that sends the chat alerts if any, else the best of the rest. */
export function chatHolder(holders: readonly Subscriber[], ownId: string): Subscriber | undefined {
  return preferredHolder(holders.filter(receivesOnTelegram), ownId) ?? preferredHolder(holders, ownId);
}

/**
 * The chat receiving on Telegram (it wrote to the bot, so it can be written to): `holder` unpaused if it already
 * sends to the chat; otherwise a fresh start with no topics, on the holder if Telegram was its only channel, else on
 * the chat's own record `own` (new when absent), leaving the shared record's other channels alone.
 */
export function joinedChat(holder: Subscriber | undefined, own: Subscriber | undefined, ids: { ownId: string; chatId: string }, now: Date): Subscriber {
  if (holder && receivesOnTelegram(holder)) {
    // newshound may have switched the chat off after a failed send; a chat that writes can be written to again.
    const { disabledChannels, ...rest } = holder;
    const { telegram: _off, ...otherOff } = disabledChannels ?? {};
    return { ...rest, status: 'active', ...(Object.keys(otherOff).length ? { disabledChannels: otherOff } : {}) };
  }
  const base = holder && !holder.email && !holder.webhookUrl ? holder : own;
  const consent = { via: 'telegram' as const, requestedAt: now.toISOString(), confirmedAt: now.toISOString() };
  if (!base) return { id: ids.ownId, telegramChatId: ids.chatId, topics: [], channels: ['telegram'], mode: 'instant', timeZone: 'UTC', status: 'active', consent };
  const { disabledChannels: _d, pendingChange: _p, suppression: _s, ...rest } = base;
  return { ...rest, telegramChatId: ids.chatId, topics: [], channels: ['telegram'], status: 'active', consent };
}
