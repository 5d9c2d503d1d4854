import type { DailyAt, Scheduler } from '../domain/scheduler.js';
import type { HandlerDeps } from '../handlers/context.js';
import { flushNotifications } from '../handlers/notify.js';

export const NOTIFY_FLUSH = 'notify-flush';
export const NOTIFY_DIGEST = 'notify-digest';

/**
 * Personal notifications held by quiet hours are pushed when they end (one job per person, moved by each
 * new hold); the daily digest goes out once a day to those who chose it. Both are idempotent: a
 * notification is pushed by whoever claims it first.
 */
export async function startNotificationJobs(scheduler: Scheduler, deps: HandlerDeps, digestAt: DailyAt): Promise<(identityId: string, at: Date) => Promise<void>> {
  scheduler.handle(NOTIFY_FLUSH, async ({ payload }) => {
    if (typeof payload.identityId === 'string') await flushNotifications(deps, payload.identityId, 'quiet');
  });
  scheduler.handle(NOTIFY_DIGEST, async () => {
    const people = await deps.stores.identities.list({});
    for (const p of people) if (p.notify?.digest) await flushNotifications(deps, p.id, 'digest');
  });
  await scheduler.daily('sweep:notify-digest', digestAt, { kind: NOTIFY_DIGEST });
  return (identityId, at) => scheduler.schedule(`notify:flush:${identityId}`, at, { kind: NOTIFY_FLUSH, identityId });
}
