import type { Invite, InviteRepo } from '../../domain/tips.js';
import { isDuplicateKey, mapDuplicate } from './errors.js';
import type { InviteDoc, TipCollections } from './tips-collections.js';

const toInvite = ({ _id, townId, ...rest }: InviteDoc): Invite => ({ codeHash: _id, ...rest, ...(townId != null && { townId }) });

/** Using an invite is an insert under a unique key (atomic on FerretDB 1.24 too): exactly one chat wins. */
export function mongoInviteRepo(c: TipCollections): InviteRepo {
  return {
    async insert(i) {
      const { codeHash, townId, ...rest } = i;
      await mapDuplicate('invite', () => c.invites.insertOne({ _id: codeHash, ...rest, ...(townId !== undefined && { townId }) }));
    },
    async consume(codeHash, usedBy, now) {
      const invite = await c.invites.findOne({ _id: codeHash });
      if (!invite || invite.usedAt || invite.expiresAt <= now) return null;
      try {
        await c.inviteUses.insertOne({ _id: codeHash, usedBy, usedAt: now });
      } catch (e) {
        if (isDuplicateKey(e)) return null;
        throw e;
      }
      await c.invites.updateOne({ _id: codeHash }, { $set: { usedAt: now, usedBy } });
      return toInvite({ ...invite, usedAt: now, usedBy });
    },
  };
}
