/**
 * The Telegram bot: one update in, at most one reply out. Subscribers are found by chat id; a chat that
 * writes to the bot has asked for its messages, so no further opt-in is needed. Redelivered updates
 * (Telegram retries when the webhook fails) are recognised by update_id when OnceKeys is given.
 */
import * as z from 'zod/mini';
import '../../domain/zod-messages.js';
import { parseBotCommand, parseModeChoice, resolveTopics, type BotCommand } from '../../domain/subscription/bot-commands.js';
import {
  helpReply,
  modeReply,
  modeUsageReply,
  stopReply,
  subscribeReply,
  topicsReply,
  unknownCommandReply,
  unknownTopicsReply,
  unsubscribeReply,
  welcomeReply,
} from '../../domain/subscription/bot-replies.js';
import { DEFAULT_DIGEST_AT } from '../../domain/subscription/preference-fields.js';
import { distinctById } from '../../domain/subscription/holders.js';
import { leaveChannel } from '../../domain/subscription/lifecycle.js';
import { chatHolder, chatTopics, joinedChat, receivesOnTelegram } from '../../domain/subscription/telegram-chat.js';
import { telegramSubscriberId } from '../../domain/subscription/subscriber-ids.js';
import { decodeStartPayload } from '../../domain/subscription/telegram-start-link.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { TelegramBotDeps } from './deps.js';

const chat = z.looseObject({ id: z.int(), type: z.string() });
export const telegramUpdateSchema = z.looseObject({
  update_id: z.int(),
  message: z.optional(z.looseObject({ message_id: z.int(), chat, text: z.optional(z.string()) })),
  my_chat_member: z.optional(z.looseObject({ chat, new_chat_member: z.looseObject({ status: z.string() }) })),
});

export type BotResult = { kind: 'replied' | 'updated' | 'ignored' | 'duplicate'; detail: string };

const UPDATE_MEMORY_SECONDS = 24 * 3600;

export async function handleTelegramUpdate(deps: TelegramBotDeps, raw: unknown): Promise<BotResult> {
  const parsed = telegramUpdateSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', detail: 'not a Telegram update' };
  const update = parsed.data;

  const member = update.my_chat_member;
  if (member && ['kicked', 'left'].includes(member.new_chat_member.status)) {
    // Blocked or removed from the group: nothing can be sent there any more, so stop sending.
    return guarded(deps, update.update_id, async () => {
      await leaveChat(deps, String(member.chat.id));
      return { kind: 'updated', detail: `bot ${member.new_chat_member.status} in chat ${member.chat.id}` };
    });
  }

  const message = update.message;
  if (!message?.text) return { kind: 'ignored', detail: 'no message text' };
  const command = parseBotCommand(message.text, { privateChat: message.chat.type === 'private', ...(deps.config.botUsername ? { botUsername: deps.config.botUsername } : {}) });
  if (command.kind === 'ignore') return { kind: 'ignored', detail: 'not a command for this bot' };
  const chatId = String(message.chat.id);
  return guarded(deps, update.update_id, async () => {
    const reply = await runCommand(deps, chatId, command);
    try {
      await deps.telegram.sendMessage({ chat_id: chatId, text: reply, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    } catch (error) {
      // The command took effect; a lost reply is not worth redoing it (Telegram would redeliver the update).
      deps.log?.('telegram reply failed', { chatId, command: command.kind, error: error instanceof Error ? error.message : String(error) });
      return { kind: 'updated', detail: `/${command.kind} (reply failed)` };
    }
    return { kind: 'replied', detail: `/${command.kind}` };
  });
}

async function guarded(deps: TelegramBotDeps, updateId: number, work: () => Promise<BotResult>): Promise<BotResult> {
  const key = `telegram-update:${updateId}`;
  if (deps.onceKeys && !(await deps.onceKeys.claim(key, new Date(deps.clock.now().getTime() + UPDATE_MEMORY_SECONDS * 1000)))) {
    return { kind: 'duplicate', detail: `update ${updateId} seen before` };
  }
  try {
    return await work();
  } catch (error) {
    await deps.onceKeys?.release(key).catch(() => {});
    throw error;
  }
}

async function chatHolders(deps: TelegramBotDeps, chatId: string): Promise<Subscriber[]> {
  const found = distinctById([...(await deps.subscribers.findByTelegramChatId(chatId)), await deps.subscribers.get(telegramSubscriberId(chatId))]);
  return found.filter((s) => s.telegramChatId === chatId);
}

/** The record this chat acts on: one sending it alerts if any, else the bot's own record for the chat. */
async function findChat(deps: TelegramBotDeps, chatId: string): Promise<Subscriber | undefined> {
  return chatHolder(await chatHolders(deps, chatId), telegramSubscriberId(chatId));
}

/** Telegram off for every record of the chat (/stop, or the bot was blocked or removed). */
async function leaveChat(deps: TelegramBotDeps, chatId: string): Promise<void> {
  for (const sub of await chatHolders(deps, chatId)) {
    const next = leaveChannel(sub, 'telegram');
    if (next) await deps.subscribers.put(next);
  }
}

/** The record acted on before the command, and the chat receiving on Telegram (a left chat starts with no topics). */
async function joinChat(deps: TelegramBotDeps, chatId: string, now: Date): Promise<{ before: Subscriber | undefined; sub: Subscriber }> {
  const holders = await chatHolders(deps, chatId);
  const ownId = telegramSubscriberId(chatId);
  const holder = chatHolder(holders, ownId);
  const sub = joinedChat(holder, holders.find((s) => s.id === ownId), { ownId, chatId }, now);
  return { before: holders.find((s) => s.id === sub.id), sub };
}

async function save(deps: TelegramBotDeps, before: Subscriber | undefined, after: Subscriber): Promise<void> {
  if (!before || JSON.stringify(before) !== JSON.stringify(after)) await deps.subscribers.put(after);
}

async function runCommand(deps: TelegramBotDeps, chatId: string, command: Exclude<BotCommand, { kind: 'ignore' }>): Promise<string> {
  const topics = deps.config.topics;
  const now = deps.clock.now();
  switch (command.kind) {
    case 'help':
      return helpReply(topics);
    case 'unknown':
      return unknownCommandReply(command.name, topics);
    case 'topics':
      return topicsReply(chatTopics(await findChat(deps, chatId)), topics);
    case 'start':
    case 'subscribe': {
      const { before, sub } = await joinChat(deps, chatId, now);
      // The subscribe page's deep link: the chat follows exactly the topics chosen there.
      const chosen = command.kind === 'start' ? decodeStartPayload(command.args, topics.map((t) => t.id)) : undefined;
      if (chosen?.found.length) {
        const next = { ...sub, topics: chosen.found };
        await save(deps, before, next);
        const added = chosen.found.filter((t) => !sub.topics.includes(t));
        return welcomeReply(next, topics, added) + (chosen.unknown.length ? `\n\n${unknownTopicsReply(chosen.unknown)}` : '');
      }
      const { found, unknown } = chosen ?? (command.args ? resolveTopics(command.args, topics) : { found: [], unknown: [] });
      const added = found.filter((t) => !sub.topics.includes(t));
      const already = found.filter((t) => sub.topics.includes(t));
      const next = { ...sub, topics: [...sub.topics, ...added] };
      if (command.kind === 'start') {
        await save(deps, before, next);
        return welcomeReply(next, topics, added) + (unknown.length ? `\n\n${unknownTopicsReply(unknown)}` : '');
      }
      // /subscribe without a known topic changes nothing for a new chat.
      if (receivesOnTelegram(before) || added.length) await save(deps, before, next);
      return subscribeReply({ added, already, unknown, sub: next }, topics);
    }
    case 'unsubscribe': {
      const sub = await findChat(deps, chatId);
      const { found, unknown } = command.args ? resolveTopics(command.args, topics) : { found: [], unknown: [] };
      const following = chatTopics(sub);
      const removed = found.filter((t) => following.includes(t));
      const notFollowed = found.filter((t) => !following.includes(t));
      let next = sub;
      if (sub && removed.length) {
        next = { ...sub, topics: sub.topics.filter((t) => !removed.includes(t)) };
        await deps.subscribers.put(next);
      }
      return unsubscribeReply({ removed, notFollowed, unknown, sub: next }, topics);
    }
    case 'mode': {
      const choice = parseModeChoice(command.args);
      if (!choice) return modeUsageReply();
      const { before, sub } = await joinChat(deps, chatId, now);
      const { digest: _digest, ...rest } = sub;
      const next: Subscriber =
        choice.mode === 'instant'
          ? { ...rest, mode: 'instant' }
          : { ...rest, mode: 'digest', digest: choice.frequency === 'hourly' ? { frequency: 'hourly' } : { frequency: 'daily', at: sub.digest?.at ?? DEFAULT_DIGEST_AT } };
      await save(deps, before, next);
      return modeReply(next);
    }
    case 'stop': {
      await leaveChat(deps, chatId);
      return stopReply();
    }
  }
}
