import { alarmSubscribersCheck } from '../admin/checks/alarms.js';
import { concurrencyCheck } from '../admin/checks/concurrency.js';
import { deadLettersCheck } from '../admin/checks/dead-letters.js';
import { feedsCheck } from '../admin/checks/feeds.js';
import { schedulesCheck } from '../admin/checks/schedules.js';
import { sesAccountCheck, sesSenderCheck } from '../admin/checks/ses.js';
import { telegramChecks } from '../admin/checks/telegram.js';
import { TARGET_USAGE } from '../admin/options.js';
import { type Check, exitCodeOf, formatReport, reportJson } from '../admin/report.js';
import { type AdminSession, runAdminCommand } from '../admin/session.js';

export const summary = 'Report what is not ready in a deployed stack (or the local runtime), with the fix for each';

const usage = `Usage: newshound doctor [options]

Checks, each ok or needing action (with the one command or console step that fixes it):
  SES sender          the sender address is covered by a verified SES identity
  SES account         out of the SES sandbox, sending enabled, not under review
  Telegram bot token  set (not the secret's initial value) and accepted by Telegram (getMe)
  Telegram webhook    registered to the stack's TelegramWebhookUrl (getWebhookInfo)
  Alarm subscribers   the alarm topic has a confirmed subscriber
  Schedules           every EventBridge Scheduler schedule is enabled
  Dead letters        no message waits in a dead-letter queue (the async-failure queue included)
  Feeds               no feed has been failing for over a day
  Lambda concurrency  the account's quota covers what the stack may run at once

Options:
${TARGET_USAGE}`;

/** The checks, in the order the report lists them; one that fails to run becomes a check needing action. */
async function runChecks(session: AdminSession, now: Date): Promise<Check[]> {
  const guarded = async (id: string, title: string, run: () => Promise<Check | Check[]>): Promise<Check[]> => {
    try {
      return [await run()].flat();
    } catch (error) {
      return [{ id, title, status: 'action', detail: `could not check: ${(error as Error).message}`, fix: 'fix what the message names, then run newshound doctor again' }];
    }
  };
  return [
    ...(await guarded('ses-sender', 'SES sender', () => sesSenderCheck(session))),
    ...(await guarded('ses-account', 'SES account', () => sesAccountCheck(session))),
    ...(await guarded('telegram-token', 'Telegram', () => telegramChecks(session, now))),
    ...(await guarded('alarm-subscribers', 'Alarm subscribers', () => alarmSubscribersCheck(session))),
    ...(await guarded('schedules', 'Schedules', () => schedulesCheck(session))),
    ...(await guarded('dead-letters', 'Dead letters', () => deadLettersCheck(session))),
    ...(await guarded('feeds', 'Feeds', () => feedsCheck(session, now))),
    ...(await guarded('lambda-concurrency', 'Lambda concurrency', () => concurrencyCheck(session))),
  ];
}

export function run(argv: string[]): Promise<number> {
  return runAdminCommand(
    {
      name: 'doctor',
      usage,
      options: {},
      checkPositionals: (positionals) => (positionals.length ? `unexpected argument "${positionals[0]}"` : undefined),
      async run(session) {
        const checks = await runChecks(session, new Date());
        const report = { target: session.target.label, checks };
        console.log(session.json ? reportJson(report) : formatReport(report));
        return exitCodeOf(checks);
      },
    },
    argv,
  );
}
