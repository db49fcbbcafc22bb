import type { AppConfigInput } from '../../shared/runtime/app-config.js';

/**
 * Sample admin-defined subscribers (an internal alerts list) for the local runtime, tests and benches. Placeholders:
 * synth refuses them in a deployment's config. Self-service subscribers live in the table.
 */
export const subscribers: NonNullable<AppConfigInput['subscribers']> = [
  { id: 'analyst-email', name: 'Desk analyst', email: 'analyst@example.org', topics: ['csto', 'nagorno-karabakh'], channels: ['email'], mode: 'instant', timeZone: 'Europe/Berlin' },
  { id: 'duty-telegram', name: 'Duty officer', telegramChatId: '100001', topics: ['csto', 'nagorno-karabakh'], channels: ['telegram'], mode: 'instant', timeZone: 'Asia/Yerevan' },
];
