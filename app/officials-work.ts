import type { NotificationRepo } from '../domain/notifications.js';
import type { HandlerDeps } from '../handlers/index.js';
import { countyOfficials, notifyPeople } from '../handlers/notify.js';
import { createDocuments } from '../jobs/documents/index.js';
import { startExpertLoopReminders } from '../jobs/expert-loop-reminders.js';
import { startNotificationJobs } from '../jobs/notification-jobs.js';
import { sqliteNotificationRepo } from '../stores/sqlite/notifications.js';
import { sqliteExpertLoopRepo } from '../stores/sqlite/expert-loops.js';
import { personalReminders } from './personal-reminders.js';
import type { AppConfig } from './config.js';
import type { StartedDeadlines } from './deadlines.js';
import type { OpenedStores } from './stores.js';

/**
 * The officials' work (issue 14): personal notifications with their inbox, quiet-hour flushes and daily
 * digest; 督办 documents with their 文号; escalations told to every county official personally; deadline
 * and task reminders to the people responsible; the experts' 帮扶—整改—复核—提升 loops and their reminders.
 */
export async function wireOfficialsWork(config: AppConfig, stores: OpenedStores, deadlines: StartedDeadlines, core: HandlerDeps): Promise<NotificationRepo> {
  const notifications =
    stores.kind === 'mongo'
      ? await (await import('../stores/mongo/notifications.js')).mongoNotificationRepo(stores.db)
      : sqliteNotificationRepo(stores.db);
  core.notifications = notifications;
  core.expertLoops =
    stores.kind === 'mongo' ? await (await import('../stores/mongo/expert-loops.js')).mongoExpertLoopRepo(stores.db) : sqliteExpertLoopRepo(stores.db);
  await startExpertLoopReminders(deadlines.scheduler, core, config.jobs.reminderHour);
  Object.assign(deadlines.hooks, personalReminders(core));
  core.documents = createDocuments({ cases: stores.cases, towns: stores.towns, enterprises: stores.enterprises, noticePattern: config.jobs.noticePattern });
  core.scheduleNotificationFlush = await startNotificationJobs(deadlines.scheduler, core, { hour: config.jobs.reminderHour, minute: 0 });
  deadlines.hooks.escalated = async (c, days) =>
    notifyPeople(core, await countyOfficials(core), {
      kind: 'escalation',
      eventKey: `escalate:${c.id}:${c.deadline?.toISOString() ?? ''}`,
      caseNumber: c.number,
      urgent: true,
      text: (t) => t('notify.escalation', { number: c.number, days }),
      choices: (t) => [[{ label: t('case.open'), value: `c:${c.number}` }]],
    });
  return notifications;
}
