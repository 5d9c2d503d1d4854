import type { DialogRepo } from '../../domain/ports.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';
import type { Collections } from './collections.js';

export function mongoDialogRepo(c: Collections): DialogRepo {
  return {
    async get(chat) {
      const doc = await c.dialogs.findOne({ _id: chat });
      return doc ? decodeJson(doc.state) : null;
    },
    async put(chat, state) {
      await c.dialogs.replaceOne({ _id: chat }, { state: encodeJson(state), updatedAt: new Date() }, { upsert: true });
    },
    async delete(chat) {
      await c.dialogs.deleteOne({ _id: chat });
    },
  };
}
