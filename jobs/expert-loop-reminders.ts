import { loopDates, openFindings, shanghaiYear, type Actor, type Identity } from '../domain/index.js';
import type { LoopView } from '../handlers/experts/service.js';
import type { Scheduler } from '../domain/scheduler.js';
import type { HandlerDeps } from '../handlers/context.js';
import { keyEnterpriseLoops } from '../handlers/experts/service.js';
import { countyOfficials, notifyPeople, officialsFor } from '../handlers/notify.js';

export const EXPERT_LOOP_REMINDER = 'expert-loop-reminder';

/**
 * Days before 31 October each reminder goes out (`late` is the day after), and before 31 December for the
 * 整改“回头看” of findings still open.
 */
const rungs = [
  { rung: 't-14', date: 'due', offset: -14 },
  { rung: 't-3', date: 'due', offset: -3 },
  { rung: 'due', date: 'due', offset: 0 },
  { rung: 'late', date: 'due', offset: 1 },
  { rung: 'revisit-7', date: 'revisit', offset: -7 },
] as const;

const shiftDay = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const atHour = (day: string, hour: number): Date => new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`));
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const shanghaiDay = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Looks at every key enterprise, as the county would. */
const SYSTEM: Actor = { id: 'system', role: 'county_official', name: '系统' };

/**
 * The notice's date drives the 专家服务 loops: 14 and 3 days before 31 October, on the day, and the day after,
 * every key enterprise whose loop is not completed is named to its experts and its town's officials personally;
 * the day after, the county officials too. Each (enterprise, rung) reaches each person once.
 */
export async function startExpertLoopReminders(scheduler: Scheduler, deps: HandlerDeps, hour: number): Promise<void> {
  scheduler.handle(EXPERT_LOOP_REMINDER, async ({ payload }) => {
    const { year, rung, day } = payload;
    if (typeof year !== 'number' || typeof rung !== 'string' || typeof day !== 'string') return;
    // A rung that could not run on its day (the service was down) is not sent late with a wrong count of days.
    if (shanghaiDay(deps.clock.now()) !== day) return void deps.log.warn({ year, rung, day }, 'stale expert loop reminder skipped');
    await remindLoops(deps, year, rung);
  });
  const now = deps.clock.now();
  const year = shanghaiYear(now);
  for (const y of [year, year + 1]) {
    const dates = loopDates(y);
    for (const r of rungs) {
      const day = shiftDay(dates[r.date], r.offset);
      const at = atHour(day, hour);
      if (at.getTime() > now.getTime()) await scheduler.schedule(`expert-loop:${y}:${r.rung}`, at, { kind: EXPERT_LOOP_REMINDER, year: y, rung: r.rung, day });
    }
  }
}

export async function remindLoops(deps: HandlerDeps, year: number, rung: string): Promise<number> {
  if (rung.startsWith('revisit')) return remindRevisits(deps, year, rung);
  const { due } = loopDates(year);
  const late = rung === 'late';
  const daysLeft = daysBetween(shanghaiDay(deps.clock.now()), due);
  const county = late ? await countyOfficials(deps) : [];
  let reminded = 0;
  for (const v of await keyEnterpriseLoops(deps, SYSTEM, year)) {
    if (v.stage === 'completed') continue;
    const people = [...(await expertsOf(deps, v)), ...(await officialsFor(deps, v.enterprise.townId)), ...county];
    await notifyPeople(deps, people, {
      kind: 'expert_service',
      eventKey: `expert-loop:${year}:${rung}:${v.enterprise.id}`,
      urgent: late,
      text: (t) =>
        late
          ? t('expert.reminderLate', { enterprise: v.enterprise.name, due, stage: t(`expert.stage.${v.stage}`) })
          : t(daysLeft === 0 ? 'expert.reminderToday' : 'expert.reminder', { enterprise: v.enterprise.name, due, stage: t(`expert.stage.${v.stage}`), days: daysLeft }),
      choices: (t) => [[{ label: t('menu.service'), value: `x:${v.enterprise.id}` }]],
    });
    reminded++;
  }
  return reminded;
}

const expertsOf = async (deps: HandlerDeps, v: LoopView): Promise<Identity[]> =>
  (await Promise.all(v.experts.map((x) => deps.stores.identities.get(x.id)))).filter((x): x is Identity => !!x);

/** 整改“回头看” (by 31 December): the findings of the year still not closed, named to their experts and town. */
async function remindRevisits(deps: HandlerDeps, year: number, rung: string): Promise<number> {
  const { revisit } = loopDates(year);
  let reminded = 0;
  for (const v of await keyEnterpriseLoops(deps, SYSTEM, year)) {
    const open = openFindings(v.findings);
    if (open.length === 0) continue;
    await notifyPeople(deps, [...(await expertsOf(deps, v)), ...(await officialsFor(deps, v.enterprise.townId))], {
      kind: 'expert_service',
      eventKey: `expert-loop:${year}:${rung}:${v.enterprise.id}`,
      text: (t) => t('expert.revisitReminder', { enterprise: v.enterprise.name, n: open.length, numbers: open.map((f) => f.number).join('、'), revisit }),
      choices: (t) => [[{ label: t('menu.service'), value: `x:${v.enterprise.id}` }]],
    });
    reminded++;
  }
  return reminded;
}
