import type { Actor, Case } from '../domain/index.js';
import type { AttachmentRef, TownTask } from '../domain/reminders.js';

/** What the conversations need from the deadline service (jobs/ implements it). */
export interface DeadlinePort {
  onCaseChanged(c: Case): Promise<{ planned: number; warnings: string[] }>;
  upcomingDeadlines(q: { townId?: string; days: number }): Promise<{
    cases: Array<{ number: string; townId?: string; enterpriseName?: string; due: string; daysLeft: number; escalated: boolean }>;
    tasks: Array<{ task: TownTask; daysLeft: number; openTownIds: string[] }>;
  }>;
  overdueCases(q?: { townId?: string }): Promise<Array<{ townId: string; townName: string; cases: Array<{ number: string; due: string; daysLeft: number; escalated: boolean; enterpriseName?: string }> }>>;
  townTaskStatus(taskId?: string): Promise<Array<{ task: TownTask; towns: Array<{ townId: string; townName: string; state: string; late: boolean }> }>>;
  lateTowns(): Promise<Array<{ task: TownTask; towns: Array<{ townId: string; townName: string; state: string }> }>>;
  acknowledgeTask(actor: Actor, taskId: string, townId?: string): Promise<{ changed: boolean; note?: string; late?: boolean }>;
  completeTask(actor: Actor, taskId: string, done: { townId?: string; attachment?: AttachmentRef; note?: string }): Promise<{ changed: boolean; note?: string; late?: boolean }>;
  supervisionLetter(caseId: string): Promise<string>;
}
