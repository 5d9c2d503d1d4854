import type { Db } from 'mongodb';
import type { AttachmentRef, TaskProgress, TaskRepo, TownTask } from '../../domain/reminders.js';
import { isDuplicateKey } from './errors.js';

type TaskDoc = Omit<TownTask, 'id'> & { _id: string };

/**
 * Acknowledgements and completions are insert-once documents keyed by task and town: a unique _id is
 * what makes "once" hold on FerretDB 1.24, whose conditional updates are not atomic.
 */
interface AckDoc {
  _id: string;
  taskId: string;
  townId: string;
  at: Date;
  by: string;
}
interface DoneDoc extends AckDoc {
  attachment?: AttachmentRef;
  note?: string;
}

const taskFromDoc = ({ _id, ...rest }: TaskDoc): TownTask => ({ id: _id, ...rest });
const idOf = (taskId: string, townId: string) => JSON.stringify([taskId, townId]);

/** Drops undefined fields, which the driver would otherwise store as null. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export async function createMongoTaskRepo(db: Db): Promise<TaskRepo> {
  const tasks = db.collection<TaskDoc>('job_tasks');
  const acks = db.collection<AckDoc>('job_task_acks');
  const dones = db.collection<DoneDoc>('job_task_dones');
  // One index per createIndexes command (FerretDB 1.24, see indexes.ts).
  await tasks.createIndex({ due: 1 });
  await acks.createIndex({ taskId: 1 });
  await dones.createIndex({ taskId: 1 });

  async function insertOnce<T extends AckDoc>(col: typeof acks | typeof dones, doc: T): Promise<boolean> {
    try {
      await col.insertOne(defined(doc));
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  return {
    async upsertTask(t) {
      const { id, ...rest } = t;
      try {
        await tasks.replaceOne({ _id: id }, defined(rest), { upsert: true });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        // A concurrent upsert inserted the task first (MongoDB retries that itself, FerretDB does not):
        // it exists now, so this replace matches it.
        await tasks.replaceOne({ _id: id }, defined(rest), { upsert: true });
      }
    },
    async getTask(id) {
      const d = await tasks.findOne({ _id: id });
      return d ? taskFromDoc(d) : null;
    },
    async listTasks() {
      return (await tasks.find({}).sort({ due: 1, _id: 1 }).toArray()).map(taskFromDoc);
    },
    acknowledge: (taskId, townId, by, at) => insertOnce(acks, { _id: idOf(taskId, townId), taskId, townId, at, by }),
    async markDone(taskId, townId, d) {
      const _id = idOf(taskId, townId);
      if (!(await insertOnce(dones, { _id, taskId, townId, at: d.at, by: d.by, attachment: d.attachment, note: d.note }))) return false;
      await insertOnce(acks, { _id, taskId, townId, at: d.at, by: d.by });
      return true;
    },
    async progress(taskId) {
      const q = taskId === undefined ? {} : { taskId };
      const [a, d] = await Promise.all([acks.find(q).toArray(), dones.find(q).toArray()]);
      const rows = new Map<string, TaskProgress>();
      const row = (x: AckDoc) => rows.get(x._id) ?? rows.set(x._id, { taskId: x.taskId, townId: x.townId }).get(x._id)!;
      for (const x of a) Object.assign(row(x), { acknowledgedAt: x.at, acknowledgedBy: x.by });
      for (const x of d) Object.assign(row(x), defined({ doneAt: x.at, doneBy: x.by, attachment: x.attachment, note: x.note }));
      return [...rows.values()].sort((p, q2) => p.taskId.localeCompare(q2.taskId) || p.townId.localeCompare(q2.townId));
    },
  };
}
