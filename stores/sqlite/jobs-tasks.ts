import type { Database } from 'better-sqlite3';
import type { AttachmentRef, TaskProgress, TaskRepo, TownTask } from '../../domain/reminders.js';
import { initJobsSchema, toDate } from './jobs-schema.js';

interface ProgressRow {
  task_id: string;
  town_id: string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  done_at: number | null;
  done_by: string | null;
  attachment: string | null;
  note: string | null;
}

const taskFromDoc = (doc: string): TownTask => {
  const t = JSON.parse(doc) as TownTask & { createdAt: string };
  return { ...t, createdAt: new Date(t.createdAt) };
};

const progressFromRow = (r: ProgressRow): TaskProgress => ({
  taskId: r.task_id,
  townId: r.town_id,
  acknowledgedAt: toDate(r.acknowledged_at),
  acknowledgedBy: r.acknowledged_by ?? undefined,
  doneAt: toDate(r.done_at),
  doneBy: r.done_by ?? undefined,
  attachment: r.attachment ? (JSON.parse(r.attachment) as AttachmentRef) : undefined,
  note: r.note ?? undefined,
});

export function createSqliteTaskRepo(db: Database): TaskRepo {
  initJobsSchema(db);
  const upsert = db.prepare(
    'INSERT INTO job_tasks (id, due, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET due = excluded.due, doc = excluded.doc',
  );
  const getTask = db.prepare<[string], { doc: string }>('SELECT doc FROM job_tasks WHERE id = ?');
  const listTasks = db.prepare<[], { doc: string }>('SELECT doc FROM job_tasks ORDER BY due, id');
  // Each write sets its field only while it is unset, so a repeat changes nothing and reports so.
  const ack = db.prepare(`
    INSERT INTO job_task_progress (task_id, town_id, acknowledged_at, acknowledged_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (task_id, town_id) DO UPDATE SET acknowledged_at = excluded.acknowledged_at,
      acknowledged_by = excluded.acknowledged_by
    WHERE acknowledged_at IS NULL`);
  const done = db.prepare(`
    INSERT INTO job_task_progress (task_id, town_id, acknowledged_at, acknowledged_by, done_at, done_by, attachment, note)
    VALUES (@taskId, @townId, @at, @by, @at, @by, @attachment, @note)
    ON CONFLICT (task_id, town_id) DO UPDATE SET done_at = excluded.done_at, done_by = excluded.done_by,
      attachment = excluded.attachment, note = excluded.note,
      acknowledged_at = COALESCE(acknowledged_at, excluded.acknowledged_at),
      acknowledged_by = COALESCE(acknowledged_by, excluded.acknowledged_by)
    WHERE done_at IS NULL`);
  const progressAll = db.prepare<[], ProgressRow>('SELECT * FROM job_task_progress ORDER BY task_id, town_id');
  const progressOf = db.prepare<[string], ProgressRow>('SELECT * FROM job_task_progress WHERE task_id = ? ORDER BY town_id');

  return {
    async upsertTask(t) {
      upsert.run(t.id, t.due, JSON.stringify(t));
    },
    async getTask(id) {
      const r = getTask.get(id);
      return r ? taskFromDoc(r.doc) : null;
    },
    async listTasks() {
      return listTasks.all().map((r) => taskFromDoc(r.doc));
    },
    async acknowledge(taskId, townId, by, at) {
      return ack.run(taskId, townId, at.getTime(), by).changes > 0;
    },
    async markDone(taskId, townId, d) {
      const r = done.run({
        taskId,
        townId,
        at: d.at.getTime(),
        by: d.by,
        attachment: d.attachment ? JSON.stringify(d.attachment) : null,
        note: d.note ?? null,
      });
      return r.changes > 0;
    },
    async progress(taskId) {
      return (taskId === undefined ? progressAll.all() : progressOf.all(taskId)).map(progressFromRow);
    },
  };
}
