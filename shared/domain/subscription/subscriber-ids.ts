/**
 * Deterministic ids for self-service subscribers: the same address (or chat) always maps to the same id,
 * so two concurrent subscribe requests write one record instead of two.
 */
import { createHash } from 'node:crypto';
import { normaliseEmail } from './email-address.js';

export function webSubscriberId(email: string): string {
  return `web-${createHash('sha256').update(normaliseEmail(email), 'utf8').digest('hex').slice(0, 24)}`;
}

/** Telegram chat ids are integers, negative for groups: `-100123` → `tg-n100123` (ids are lower-case letters, digits, hyphens). */
export function telegramSubscriberId(chatId: string): string {
  return `tg-${chatId.startsWith('-') ? `n${chatId.slice(1)}` : chatId}`;
}
