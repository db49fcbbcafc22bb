/** The subscribe page's Telegram part from its query: `?via=telegram&topics=<id>&topics=<id>` asks for the deep link. */
import type { TelegramChoice } from '../../domain/pages/telegram-choice.js';
import { telegramStartLink } from '../../domain/subscription/telegram-start-link.js';
import type { SubscriptionConfig } from './deps.js';

export function telegramChoice(config: Pick<SubscriptionConfig, 'telegramBotUsername' | 'telegramLinkBase' | 'topics'>, query: URLSearchParams): TelegramChoice | undefined {
  const botUsername = config.telegramBotUsername;
  if (!botUsername) return undefined;
  if (query.get('via') !== 'telegram') return { botUsername };
  const known = config.topics.map((t) => t.id);
  const chosen = [...new Set(query.getAll('topics'))].filter((id) => known.includes(id));
  if (!chosen.length) return { botUsername, error: 'Choose at least one topic.' };
  const link = telegramStartLink(botUsername, chosen, config.telegramLinkBase);
  if (!link) return { botUsername, chosen, error: 'A Telegram link holds only so many topics: choose fewer here, then add the rest in the chat with /subscribe.' };
  return { botUsername, chosen, link };
}
