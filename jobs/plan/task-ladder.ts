import type { TownTask } from '../../domain/reminders.js';
import { addDays, atShanghai } from '../time.js';
import { selectRungs, type LadderConfig, type Rung } from './ladder.js';

export const taskKeyPrefix = (taskId: string): string => `task:${taskId}:`;

/** Reminders `remindDaysBefore` days ahead of the due day, then one `late` notice the day after. */
export function planTask(t: TownTask, now: Date, cfg: LadderConfig): Rung[] {
  const at = (day: string) => atShanghai(day, cfg.reminderHour);
  const before = [...new Set(t.remindDaysBefore)]
    .sort((a, b) => b - a)
    .map((n) => ({ key: `${taskKeyPrefix(t.id)}d-${n}`, rung: `d-${n}`, at: at(addDays(t.due, -n)) }));
  const late = { key: `${taskKeyPrefix(t.id)}late`, rung: 'late', at: at(addDays(t.due, 1)) };
  return selectRungs([...before, late], now, t.createdAt, cfg.quietHours);
}
