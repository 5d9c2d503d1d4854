import type { Outbound } from '../domain/index.js';
import { createAccount } from './accounts.js';
import type { Ctx } from './context.js';
import { text } from './format.js';

/** `/adduser <username> <role> [town id]`: county officials and admins create official accounts. */
export async function addUser(ctx: Ctx, args: string): Promise<Outbound[]> {
  const [username = '', role = '', townId] = args.split(/\s+/).filter(Boolean);
  if (!username || !role) return [text(ctx.t('account.addUsage'))];
  const { deps } = ctx;
  const { identity, password } = await createAccount(
    { identities: deps.stores.identities, towns: deps.stores.towns, newId: deps.newId, now: () => deps.clock.now() },
    ctx.actor,
    { username: username.toLowerCase(), role, townId },
  );
  deps.log.info({ by: ctx.actor.id, created: identity.id, role: identity.role }, 'account created');
  return [text(ctx.t('account.created', { username: identity.username ?? '', role: ctx.t(`role.${identity.role}`), password }))];
}

export async function listTowns(ctx: Ctx): Promise<Outbound[]> {
  const towns = await ctx.deps.stores.towns.list();
  return [text([ctx.t('account.townsTitle'), ...towns.map((t) => `${t.id}  ${t.name}`)].join('\n'))];
}
