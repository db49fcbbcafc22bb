/** Sends one Telegram message (HTML, no link previews), following a chat migration once. */
import type { Subscriber } from '../../domain/subscriber.js';
import { ChatMigratedError } from '../../ports/errors.js';
import type { Run } from './run.js';

export async function sendTelegramFollowingMigration(run: Run, sub: Subscriber, text: string): Promise<{ messageId: number }> {
  const { deps } = run;
  const message = { chat_id: sub.telegramChatId!, text, parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };
  try {
    return await deps.telegram.sendMessage(message);
  } catch (err) {
    if (!(err instanceof ChatMigratedError)) throw err;
    // The group became a supergroup: remember the new chat and try it once.
    sub.telegramChatId = err.newChatId;
    await deps.subscribers.put(sub);
    return await deps.telegram.sendMessage({ ...message, chat_id: err.newChatId });
  }
}
