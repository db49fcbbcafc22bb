import type { AppConfigInput } from '../../shared/runtime/app-config.js';

/** Admin-defined subscribers (for example an internal alerts list). Self-service ones live in the table. */
export const subscribers: NonNullable<AppConfigInput['subscribers']> = [
  { id: 'analyst-email', name: 'Desk analyst', email: 'analyst@example.org', topics: ['csto', 'nagorno-karabakh'], channels: ['email'], mode: 'instant', timeZone: 'Europe/Berlin' },
  { id: 'duty-telegram', name: 'Duty officer', telegramChatId: '100001', topics: ['csto', 'nagorno-karabakh'], channels: ['telegram'], mode: 'instant', timeZone: 'Asia/Yerevan' },
];
