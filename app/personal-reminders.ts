import type { HandlerDeps } from '../handlers/context.js';
import { enterpriseAccounts, notifyPeople, officialsFor } from '../handlers/notify.js';
import type { JobHooks } from '../jobs/deps.js';

/**
 * Deadline and task reminders reach the people responsible personally (inbox, badge, every bound chat), as new
 * cases do: a case's assignee (its town's officials while nobody is assigned, the county's without a town) and
 * the enterprise that rectifies it (never for a tip); a task's town officials. Group chats keep theirs.
 */
export function personalReminders(core: HandlerDeps): Pick<JobHooks, 'caseReminder' | 'taskReminder'> {
  return {
    async caseReminder(c, { rung, due }, text) {
      const assignee = c.assigneeId ? await core.stores.identities.get(c.assigneeId) : null;
      const responsible = assignee ? [assignee] : await officialsFor(core, c.townId);
      const enterprise = c.source === 'anonymous_tip' ? [] : await enterpriseAccounts(core, c);
      await notifyPeople(core, [...responsible, ...enterprise], {
        kind: 'deadline',
        eventKey: `deadline:${c.id}:${rung}@${due}`,
        caseNumber: c.number,
        urgent: rung.startsWith('overdue'),
        text: () => text,
        choices: (t) => [[{ label: t('case.open'), value: `c:${c.number}` }]],
      });
    },
    async taskReminder(task, townId, { rung, due }, text) {
      await notifyPeople(core, await officialsFor(core, townId), {
        kind: 'task',
        eventKey: `task:${task.id}:${townId}:${rung}@${due}`,
        text: () => text,
        choices: (t) => [[{ label: t('menu.tasks'), value: 'm:tasks' }]],
      });
    },
  };
}
