/** Deadlines, reminders, escalation and the town task board (issue 5). */
export { createDeadlineService, type DeadlineService } from './deadline-service.js';
export type { DeadlineServiceDeps } from './deps.js';
export { createEmbeddedScheduler, type EmbeddedScheduler, type EmbeddedSchedulerOptions } from './scheduler/embedded.js';
export { createBullScheduler, type BullSchedulerOptions } from './scheduler/bullmq.js';
export { jobsConfigSchema, toJobsConfig, defaultJobsConfig, type JobsConfig, type JobsEnv } from './config.js';
export { chatRouter, createDelivery, type Delivery } from './delivery.js';
export type { JobLogger } from './logger.js';
export type { CaseDeadline, OverdueByTown, TaskDeadline } from './queries.js';
export type { TaskActionResult, TaskStatus, TownTaskStatus } from './task-board.js';
export { loadTaskPlan, loadTowns, parseTaskPlan, parseTowns, taskInputSchema, plan2026File, townsFile, type TaskInput } from './plan/task-plan.js';
export { planCase, deadlineStatuses, type CasePlan } from './plan/case-ladder.js';
export { supervisionLetter } from './supervision-letter.js';
export { addWorkingDays, holidayName, isWorkingDay } from './working-days.js';
export { atShanghai, dayOf } from './time.js';
