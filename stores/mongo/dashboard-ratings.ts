import type { Db } from 'mongodb';
import type { RatingChange, RatingHistory } from '../../domain/dashboard.js';

type RatingDoc = Omit<RatingChange, 'id'> & { _id: string };

export async function mongoRatingHistory(db: Db): Promise<RatingHistory> {
  const col = db.collection<RatingDoc>('dashboard_ratings');
  await col.createIndex({ enterpriseId: 1, at: 1 }, { name: 'enterprise' });
  return {
    async append(c) {
      const { id, ...rest } = c;
      await col.insertOne({ _id: id, ...rest });
    },
    async list(enterpriseId) {
      const docs = await col.find({ enterpriseId }).sort({ at: 1, _id: 1 }).toArray();
      return docs.map(({ _id, ...d }) => ({ ...d, id: _id }));
    },
  };
}
