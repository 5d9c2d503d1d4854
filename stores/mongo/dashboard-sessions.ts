import type { Db } from 'mongodb';
import type { DashboardSessionRepo } from '../../domain/dashboard.js';
import { isDuplicateKey } from './errors.js';

/** Last-writer-wins on a timestamp is enough here; the secret is kept by the first insert under its unique `_id`. */
export async function mongoDashboardSessions(db: Db): Promise<DashboardSessionRepo> {
  const sessions = db.collection<{ _id: string; lastSeen: Date }>('dashboard_sessions');
  const secrets = db.collection<{ _id: string; value: string }>('app_secrets');
  await sessions.createIndex({ lastSeen: 1 }, { name: 'last_seen' });
  return {
    async lastSeen(chat) {
      return (await sessions.findOne({ _id: chat }))?.lastSeen ?? null;
    },
    async seen(chat, at) {
      await sessions.replaceOne({ _id: chat }, { lastSeen: at }, { upsert: true }).catch((e: unknown) => {
        // Two first upserts of one chat raced: the other one's time is as good.
        if (!isDuplicateKey(e)) throw e;
      });
    },
    async end(chat) {
      await sessions.deleteOne({ _id: chat });
    },
    async prune(before) {
      await sessions.deleteMany({ lastSeen: { $lt: before } });
    },
    async secret(name, fresh) {
      try {
        await secrets.insertOne({ _id: name, value: fresh });
        return fresh;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const kept = await secrets.findOne({ _id: name });
      if (!kept) throw new Error(`secret ${name} vanished`);
      return kept.value;
    },
  };
}
