/**
 * Work that must happen later (reminders, escalation, the daily sweep) goes through this port.
 * BullMQ implements it on Redis, the embedded adapter on a store-backed table with a timer.
 */

/** JSON-serialisable job body; `kind` routes it to the handler registered for that kind. */
export interface JobPayload {
  kind: string;
  [field: string]: unknown;
}

export interface ScheduledJob {
  key: string;
  payload: JobPayload;
  /** 1 on the first run, 2 on the first retry … */
  attempt: number;
}

/**
 * Runs a job. Throwing retries it with exponential backoff up to the adapter's attempt limit;
 * throwing a DomainError does not retry (the job can never succeed as it stands).
 */
export type JobHandler = (job: ScheduledJob) => Promise<void>;

/** A wall-clock time of day in Asia/Shanghai. */
export interface DailyAt {
  hour: number;
  minute: number;
}

export interface Scheduler {
  /** Runs `payload` at `at` (now if past). Idempotent by key: scheduling a pending key again moves it. */
  schedule(key: string, at: Date, payload: JobPayload): Promise<void>;
  /** `schedule` for each job, for callers that plan many at once (the reminder sweep); cheaper when most are unchanged. */
  scheduleMany(jobs: Array<{ key: string; at: Date; payload: JobPayload }>): Promise<void>;
  cancel(key: string): Promise<void>;
  /** Cancels every pending key that starts with `prefix`; returns how many. */
  cancelPrefix(prefix: string): Promise<number>;
  /** Registers (or moves) a job that runs every day at `at` Asia/Shanghai. */
  daily(key: string, at: DailyAt, payload: JobPayload): Promise<void>;
  /** When a pending key will run next, or null when nothing is pending under it. */
  nextRun(key: string): Promise<Date | null>;
  /**
   * A time the caller records beside the jobs (when the reminder sweep last finished): kept where the jobs are, so
   * whatever loses the jobs (a flushed Redis, a new database) loses the mark too and the caller starts over.
   * Keeps the latest time given.
   */
  markDone(name: string, at: Date): Promise<void>;
  /** The latest time `markDone` recorded under `name`, if any. */
  lastDone(name: string): Promise<Date | undefined>;
  handle(kind: string, handler: JobHandler): void;
  start(): Promise<void>;
  /** Stops taking work and waits for the jobs in flight to finish. */
  close(): Promise<void>;
}
