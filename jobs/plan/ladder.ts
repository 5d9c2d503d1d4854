import { outOfQuietHours, type QuietHours } from '../time.js';

export interface Rung {
  /** Scheduler key, unique per subject and rung. */
  key: string;
  rung: string;
  at: Date;
}

export interface LadderConfig {
  reminderHour: number;
  quietHours: QuietHours | null;
}

/**
 * A rung missed by at most this long (downtime, a restart) is still sent on re-plan; older ones are
 * history. Shorter than a day so that a daily sweep never re-sends yesterday's rung.
 */
export const CATCH_UP_MS = 12 * 3_600_000;

/**
 * From rungs in time order, keeps those still ahead and the latest one missed within CATCH_UP_MS
 * (the DeliveryLog drops it if it was in fact sent). Rungs before `notBefore` (when the deadline was
 * set) were never owed. Quiet hours move a non-urgent rung, or a catch-up that would go out now, to their end.
 */
export function selectRungs(candidates: Rung[], now: Date, notBefore: Date, quiet: QuietHours | null): Rung[] {
  const t = now.getTime();
  const ahead = candidates.filter((r) => r.at.getTime() > t).map((r) => ({ ...r, at: outOfQuietHours(r.at, quiet) }));
  const missed = candidates
    .filter((r) => r.at.getTime() <= t && r.at.getTime() >= notBefore.getTime() && t - r.at.getTime() <= CATCH_UP_MS)
    .at(-1);
  if (!missed) return ahead;
  const catchUp = outOfQuietHours(now, quiet) === now ? missed : { ...missed, at: outOfQuietHours(now, quiet) };
  return [catchUp, ...ahead];
}
