import type { ChatRef } from './messages.js';
import type { DailyAt, JobPayload } from './scheduler.js';

/**
 * Ports for deadlines, reminders and the town task board. Implemented by stores/sqlite/jobs-* and
 * stores/mongo/jobs-*, verified by tests/contract/jobs-store.contract.ts.
 */

export type ScheduledItemStatus = 'pending' | 'running' | 'failed';

/** One row of the embedded scheduler's table. */
export interface ScheduledItem {
  key: string;
  at: Date;
  payload: JobPayload;
  /** Set for a job that repeats every day at this Asia/Shanghai time. */
  daily?: DailyAt;
  status: ScheduledItemStatus;
  /** Runs started so far (a claim counts as a start, even if its runner then died). */
  attempt: number;
  /** While running: after this instant the claim is considered dead and the item claimable again. */
  leaseUntil?: Date;
  /** Bumped by every write; the compare-and-set token of a claim. */
  rev: number;
  lastError?: string;
}

export interface ScheduledItemRepo {
  /** Inserts or replaces the key as pending at `at` with attempt 0. A running claim on it no longer matches. */
  put(item: { key: string; at: Date; payload: JobPayload; daily?: DailyAt }): Promise<void>;
  /** `put` for each item; cheaper than one put at a time when most items are already there unchanged (a sweep). */
  putMany(items: Array<{ key: string; at: Date; payload: JobPayload }>): Promise<void>;
  get(key: string): Promise<ScheduledItem | null>;
  /** The embedded scheduler's marks (see Scheduler.markDone): the latest time given is kept. */
  setMark(name: string, at: Date): Promise<void>;
  getMark(name: string): Promise<Date | undefined>;
  remove(key: string): Promise<boolean>;
  removePrefix(prefix: string): Promise<number>;
  /**
   * Claims, by compare-and-set, up to `limit` items that are due (pending, at ≤ now) or whose lease
   * ended (their runner died), earliest first. Returns them as claimed: running, attempt + 1, new rev.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ScheduledItem[]>;
  /** The run succeeded: deletes the item, or for a daily one makes it pending at `nextAt`, if `rev` still matches. */
  complete(key: string, rev: number, nextAt?: Date): Promise<boolean>;
  /** The run failed: pending again at `retryAt`, or `failed` for good when null, if `rev` still matches. */
  fail(key: string, rev: number, retryAt: Date | null, error: string): Promise<boolean>;
  /** Earliest instant at which something becomes claimable (a pending `at` or a lease end). */
  nextWake(): Promise<Date | null>;
}

/** A reminder is sent at most once per (target chat, subject, rung). */
export interface DeliveryKey {
  target: ChatRef;
  /** `case:<id>` or `task:<id>:<townId>`. */
  subject: string;
  /** The ladder step, qualified by the deadline it belongs to: `t-3@2026-06-30`, `overdue-2@2026-06-30`. */
  rung: string;
}

export type DeliveryState = 'claimed' | 'sent' | 'failed';

export interface DeliveryRecord extends DeliveryKey {
  state: DeliveryState;
  /** Claims taken so far; more than 1 means a send was retried. */
  attempts: number;
  claimedAt: Date;
  sentAt?: Date;
  lastError?: string;
}

export type ClaimResult = 'claimed' | 'already_sent' | 'in_flight';

/** Marks a permanent refusal (UndeliverableError) in a record's lastError: jobs skip it, the dashboard shows it. */
export const UNDELIVERABLE_MARK = 'undeliverable: ';
export const isUndeliverableRecord = (r: { state: string; lastError?: string } | null): boolean =>
  r?.state === 'failed' && (r.lastError ?? '').startsWith(UNDELIVERABLE_MARK);

export interface DeliveryLog {
  /**
   * Takes the right to send: granted for a new key, a failed one, or a claim taken before `staleBefore`
   * (its sender died before marking it). `in_flight` means another sender holds a fresh claim.
   */
  claim(key: DeliveryKey, now: Date, staleBefore: Date): Promise<ClaimResult>;
  markSent(key: DeliveryKey, now: Date): Promise<void>;
  /** Releases the claim so that a retry may claim it again. */
  markFailed(key: DeliveryKey, error: string, now: Date): Promise<void>;
  get(key: DeliveryKey): Promise<DeliveryRecord | null>;
  list(filter: { subject?: string; target?: ChatRef }): Promise<DeliveryRecord[]>;
}

/** A document a town hands in with a task (a ledger, a report), stored by the media/file store. */
export interface AttachmentRef {
  id: string;
  name?: string;
  mime?: string;
}

/** A dated task the county sets for towns (泽应急发〔2026〕56号 and tasks officials add). */
export interface TownTask {
  id: string;
  title: string;
  /** Calendar day in Asia/Shanghai (YYYY-MM-DD); due by the end of that day. */
  due: string;
  townIds: string[];
  attachmentRequired: boolean;
  /** Days before `due` on which towns that are not done get a reminder (0 = the due day). */
  remindDaysBefore: number[];
  source: 'plan' | 'official';
  /** Where the task comes from, e.g. the notice's item number. */
  basis?: string;
  createdBy?: string;
  createdAt: Date;
}

export interface TaskProgress {
  taskId: string;
  townId: string;
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
  doneAt?: Date;
  doneBy?: string;
  attachment?: AttachmentRef;
  note?: string;
}

export interface TaskRepo {
  upsertTask(t: TownTask): Promise<void>;
  getTask(id: string): Promise<TownTask | null>;
  /** By due day, then id. */
  listTasks(): Promise<TownTask[]>;
  /** Sets the acknowledgement once; false when the town had already acknowledged. */
  acknowledge(taskId: string, townId: string, by: string, at: Date): Promise<boolean>;
  /** Marks done once (acknowledging too if needed); false when the town was already done. */
  markDone(
    taskId: string,
    townId: string,
    done: { by: string; at: Date; attachment?: AttachmentRef; note?: string },
  ): Promise<boolean>;
  progress(taskId?: string): Promise<TaskProgress[]>;
}

/** The jobs' ports as one store adapter provides them. */
export interface JobStores {
  scheduledItems: ScheduledItemRepo;
  deliveries: DeliveryLog;
  tasks: TaskRepo;
}
