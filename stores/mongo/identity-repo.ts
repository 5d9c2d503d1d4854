import type { Identity } from '../../domain/identity.js';
import type { ChatRef } from '../../domain/messages.js';
import type { IdentityRepo } from '../../domain/ports.js';
import { notFound } from '../shared/errors.js';
import type { Collections, IdentityDoc } from './collections.js';
import { fromDoc, presentKey, toDoc, uniqueWhenPresent } from './collections.js';
import { mapDuplicate } from './errors.js';

const stored = (i: Identity): IdentityDoc => ({ ...toDoc(i), usernameKey: uniqueWhenPresent(i.username, i.id) });
const load = (doc: IdentityDoc): Identity => fromDoc<Identity>(doc, 'usernameKey');

export function mongoIdentityRepo(c: Collections): IdentityRepo {
  const writeBinding = (chat: ChatRef, identityId: string) => c.bindings.replaceOne({ _id: chat }, { identityId, boundAt: new Date() }, { upsert: true });
  return {
    async insert(i, chat) {
      await mapDuplicate(`identity ${i.id} / ${i.username ?? '-'}`, () => c.identities.insertOne(stored(i)));
      // Just inserted: no need for bind's check that the identity exists.
      if (chat !== undefined) await writeBinding(chat, i.id);
    },
    async update(i) {
      const { _id, ...doc } = stored(i);
      const r = await mapDuplicate(`username ${i.username ?? '-'}`, () => c.identities.replaceOne({ _id }, doc));
      if (r.matchedCount === 0) throw notFound('identity', i.id);
    },
    async get(id) {
      const doc = await c.identities.findOne({ _id: id });
      return doc && load(doc);
    },
    async getByUsername(username) {
      const doc = await c.identities.findOne({ usernameKey: presentKey(username) });
      return doc && load(doc);
    },
    async list(filter) {
      const query = {
        ...(filter.role !== undefined && { role: filter.role }),
        ...(filter.townId !== undefined && { townId: filter.townId }),
      };
      const docs = await c.identities.find(query).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(load);
    },
    async bind(chat, identityId) {
      // No foreign keys here: check the identity like the SQLite adapter's constraint does.
      if (!(await c.identities.findOne({ _id: identityId }, { projection: { _id: 1 } }))) {
        throw notFound('identity', identityId);
      }
      await writeBinding(chat, identityId);
    },
    async unbind(chat) {
      await c.bindings.deleteOne({ _id: chat });
    },
    async byChat(chat) {
      const binding = await c.bindings.findOne({ _id: chat });
      const doc = binding && (await c.identities.findOne({ _id: binding.identityId }));
      return doc ? load(doc) : null;
    },
    async chatsOf(identityId) {
      const bindings = await c.bindings.find({ identityId }).sort({ _id: 1 }).toArray();
      return bindings.map((b) => b._id);
    },
  };
}
