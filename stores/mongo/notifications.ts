import type { Db } from 'mongodb';
import type { Notification, NotificationRepo } from '../../domain/notifications.js';
import { pageStart, toPage } from '../shared/cursor.js';
import { isDuplicateKey, mapDuplicate } from './errors.js';
import { afterQuery, newestFirst } from './paging.js';

type NotificationDoc = Omit<Notification, 'id'> & { _id: string };

const load = ({ _id, ...rest }: NotificationDoc): Notification => ({ id: _id, ...rest });

/**
 * Personal notifications on MongoDB / FerretDB 1.24. "Pushed once" is a unique-insert claim
 * (filtered updates are not atomic on FerretDB, see versioned-replace.ts); the flag on the document follows.
 */
export async function mongoNotificationRepo(db: Db): Promise<NotificationRepo> {
  const items = db.collection<NotificationDoc>('notifications');
  const pushes = db.collection<{ _id: string; at: Date }>('notification_pushes');
  await items.createIndex({ identityId: 1, createdAt: -1, _id: -1 });
  return {
    async insert(n) {
      const { id, ...rest } = n;
      await mapDuplicate(`notification ${id}`, () => items.insertOne({ _id: id, ...rest }));
    },
    async list(identityId, page) {
      const docs = await items
        .find({ identityId, ...afterQuery(pageStart(page)) })
        .sort(newestFirst)
        .limit(page.limit + 1)
        .toArray();
      return toPage(docs.map(load), page.limit);
    },
    unreadCount: (identityId) => items.countDocuments({ identityId, readAt: { $exists: false } }),
    async markRead(identityId, ids, now) {
      const filter = { identityId, readAt: { $exists: false }, ...(ids !== 'all' && { _id: { $in: ids } }) };
      return (await items.updateMany(filter, { $set: { readAt: now } })).modifiedCount;
    },
    async unpushed(identityId) {
      const docs = await items.find({ identityId, pushedAt: { $exists: false } }).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(load);
    },
    async markPushed(id, now) {
      try {
        await pushes.insertOne({ _id: id, at: now });
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      await items.updateOne({ _id: id }, { $set: { pushedAt: now } });
      return true;
    },
  };
}
