import type { Case, CaseRepo, ChatPort, ChatRef, Clock, IdentityRepo, Locale, TownRepo } from '../domain/index.js';
import type { DeliveryLog, TaskRepo, TownTask } from '../domain/reminders.js';
import type { Scheduler } from '../domain/scheduler.js';
import type { JobsConfig } from './config.js';
import type { Delivery, DeliveryOptions } from './delivery.js';
import type { JobLogger } from './logger.js';

export interface DeadlineServiceDeps {
  scheduler: Scheduler;
  cases: CaseRepo;
  towns: TownRepo;
  identities: IdentityRepo;
  deliveries: DeliveryLog;
  tasks: TaskRepo;
  /** Resolves every target (see chatRouter for several channels). */
  chat: ChatPort;
  clock: Clock;
  config: JobsConfig;
  logger: JobLogger;
  locale?: Locale;
  /** Claims older than this are taken as their sender's death (default 2 min). */
  staleClaimMs?: number;
  /** Each reminder delivery's outcome, for metrics. */
  onDelivery?: DeliveryOptions['onOutcome'];
}

/** Set after wiring by whoever must hear of what the jobs did (personal notifications). */
export interface JobHooks {
  escalated?: (c: Case, daysOverdue: number) => Promise<void>;
  /**
   * A case's deadline rung is due: the people responsible hear of it personally (inbox and every bound chat).
   * When set, the group chats still get the reminder, but the assignee's own chats are left to this hook.
   */
  caseReminder?: (c: Case, rung: { rung: string; due: string }, text: string) => Promise<void>;
  /** A town task's rung is due for a town that has not done it: the town's officials personally (as above). */
  taskReminder?: (task: TownTask, townId: string, rung: { rung: string; due: string }, text: string) => Promise<void>;
}

/** What the parts of the service share once wired. */
export interface JobsContext extends DeadlineServiceDeps {
  locale: Locale;
  delivery: Delivery;
  hooks: JobHooks;
}

/** The chats of a town: its bound groups and its officials' own chats (unless a hook tells them personally). */
export async function townChats(ctx: JobsContext, townId: string): Promise<ChatRef[]> {
  const town = await ctx.towns.get(townId);
  if (ctx.hooks.taskReminder) return town?.groupChats ?? [];
  const officials = await ctx.identities.list({ role: 'town_official', townId });
  const own = await Promise.all(officials.map((o) => ctx.identities.chatsOf(o.id)));
  return [...new Set([...(town?.groupChats ?? []), ...own.flat()])];
}
