import { createHash } from 'node:crypto';
import { DomainError, isCountyLevel, isOfficial } from '../../domain/index.js';
import type { Identity, Outbound } from '../../domain/index.js';
import type { Invite } from '../../domain/tips.js';
import { oneTimePassword } from '../accounts.js';
import { actorOf, type Ctx } from '../context.js';
import { createPartyInvite } from './party-invites.js';
import { text } from '../format.js';
import { bindByLink, offerLink } from './link.js';

const INVITE_DAYS = 7;
const roleNames: Record<string, Invite['role']> = {
  town: 'town_official', town_official: 'town_official',
  county: 'county_official', county_official: 'county_official',
  admin: 'admin',
};

/** Only the hash is stored: a copy of the database does not hand out official accounts. */
const inviteHash = (code: string) => createHash('sha256').update(code.trim()).digest('hex');

function invitesOf(ctx: Ctx) {
  const invites = ctx.deps.invites;
  if (!invites) throw new DomainError('FORBIDDEN', 'invites are not configured');
  return invites;
}

/** `/invite <role> [town id]`: county officials and admins hand out one-time codes; only admins invite admins. */
export async function createInvite(ctx: Ctx, args: string): Promise<Outbound[]> {
  const [roleArg = '', townId] = args.split(/\s+/).filter(Boolean);
  const party = roleArg.toLowerCase();
  if (party === 'enterprise' || party === 'expert') return createPartyInvite(ctx, party, args.trim().slice(roleArg.length).trim());
  const role = roleNames[roleArg.toLowerCase()];
  if (!role) return [text(ctx.t('invite.usage'))];
  if (!isCountyLevel(ctx.actor) || (role === 'admin' && ctx.actor.role !== 'admin')) {
    throw new DomainError('FORBIDDEN', 'only county officials and admins invite officials');
  }
  const town = townId ? await ctx.deps.stores.towns.get(townId) : null;
  if (role === 'town_official' && !town) throw new DomainError('INVALID_INPUT', 'a town official needs an existing town', { field: 'town' });
  const code = oneTimePassword(10);
  const now = ctx.deps.clock.now();
  await invitesOf(ctx).insert({
    codeHash: inviteHash(code),
    role,
    ...(role === 'town_official' && { townId: town?.id }),
    createdBy: ctx.actor.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
  });
  ctx.deps.log.info({ by: ctx.actor.id, role }, 'official invite issued');
  const who = role === 'town_official' ? `${ctx.t(`role.${role}`)}（${town?.name ?? ''}）` : ctx.t(`role.${role}`);
  return [text(ctx.t('invite.created', { code, role: who, days: INVITE_DAYS }))];
}

/** `/bind <code>`: this chat becomes a new official identity with the invite's role and town. */
export async function bindByInvite(ctx: Ctx, args: string): Promise<Outbound[]> {
  if (!args.trim()) return (await offerLink(ctx)) ?? [text(ctx.t('bind.usage'))];
  if (ctx.sender) return [text(ctx.t('bind.privateOnly'))];
  const linked = await bindByLink(ctx, args);
  if (linked) return linked;
  const { deps } = ctx;
  const id = deps.newId();
  const now = deps.clock.now();
  const invite = await invitesOf(ctx).consume(inviteHash(args), id, now);
  if (!invite) return [text(ctx.t('bind.invalid'))];
  const identity: Identity = {
    id,
    displayName: ctx.senderName?.slice(0, 50) || ctx.t(`role.${invite.role}`),
    role: invite.role,
    ...(invite.townId && { townId: invite.townId }),
    ...(invite.enterpriseId && { enterpriseId: invite.enterpriseId }),
    ...(invite.enterpriseIds && { enterpriseIds: invite.enterpriseIds }),
    createdAt: now,
  };
  await deps.stores.identities.insert(identity, ctx.chat);
  ctx.identity = identity;
  ctx.actor = actorOf(identity, ctx.chat);
  deps.log.info({ identity: id, role: identity.role, invitedBy: invite.createdBy }, 'official bound by invite');
  if (invite.enterpriseId) {
    const e = await deps.stores.enterprises.get(invite.enterpriseId);
    return [text(ctx.t('bind.doneEnterprise', { name: identity.displayName, enterprise: e?.name ?? '' }))];
  }
  const town = invite.townId ? await deps.stores.towns.get(invite.townId) : null;
  return [text(ctx.t('bind.done', { name: identity.displayName, role: ctx.t(`role.${identity.role}`) + (town ? `（${town.name}）` : '') }))];
}

/** `/bindgroup <town id>` in a group: a bound official of that town, or of the county, makes the group receive the town's pushes. */
export async function bindGroup(ctx: Ctx, townId: string): Promise<Outbound[]> {
  if (!ctx.sender) return [text(ctx.t('bindgroup.groupOnly'))];
  if (!townId) return [text(ctx.t('bindgroup.usage'))];
  const official = await ctx.deps.stores.identities.byChat(ctx.sender);
  if (!official || !isOfficial(official)) return [text(ctx.t('bindgroup.officialsOnly'))];
  if (!isCountyLevel(official) && official.townId !== townId) return [text(ctx.t('bindgroup.notYourTown'))];
  const town = await ctx.deps.stores.towns.get(townId);
  if (!town) throw new DomainError('INVALID_INPUT', `no town ${townId}`, { field: 'town' });
  if (!town.groupChats.includes(ctx.chat)) await ctx.deps.stores.towns.upsert({ ...town, groupChats: [...town.groupChats, ctx.chat] });
  ctx.deps.log.info({ by: official.id, townId }, 'group bound to town');
  return [text(ctx.t('bindgroup.done', { town: town.name }))];
}
