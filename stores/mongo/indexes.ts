import type { Collection, CreateIndexesOptions, IndexSpecification } from 'mongodb';
import type { Collections } from './collections.js';

type Spec = [Pick<Collection, 'createIndex'>, IndexSpecification, CreateIndexesOptions & { name: string }];

/**
 * Created at start (idempotent). Only plain and unique indexes: FerretDB 1.24 has no partial, sparse,
 * TTL or text indexes, hence the always-set unique keys in collections.ts. One createIndexes command
 * per index, because FerretDB 1.24 drops the connection when one command names two existing indexes.
 */
export async function ensureIndexes(c: Collections): Promise<void> {
  const specs: Spec[] = [
    [c.cases, { number: 1 }, { name: 'number_unique', unique: true }],
    [c.cases, { createdAt: -1, _id: -1 }, { name: 'newest' }],
    [c.cases, { townId: 1, createdAt: -1, _id: -1 }, { name: 'town_newest' }],
    [c.cases, { status: 1, deadline: 1 }, { name: 'status_deadline' }],
    [c.cases, { updatedAt: 1 }, { name: 'updated' }],
    [c.cases, { enterpriseId: 1 }, { name: 'enterprise' }],
    [c.cases, { assigneeId: 1 }, { name: 'assignee' }],
    [c.cases, { reporterId: 1 }, { name: 'reporter' }],
    [c.cases, { deadlineDay: 1 }, { name: 'deadline_day' }],
    [c.cases, { updatedDay: 1 }, { name: 'updated_day' }],
    [c.enterprises, { creditKey: 1 }, { name: 'credit_code_unique', unique: true }],
    [c.enterprises, { townId: 1, name: 1 }, { name: 'town_name_unique', unique: true }],
    [c.enterprises, { createdAt: -1, _id: -1 }, { name: 'newest' }],
    [c.identities, { usernameKey: 1 }, { name: 'username_unique', unique: true }],
    [c.identities, { role: 1, townId: 1 }, { name: 'role_town' }],
    [c.bindings, { identityId: 1 }, { name: 'identity' }],
  ];
  for (const [collection, key, options] of specs) await collection.createIndex(key, options);
}
