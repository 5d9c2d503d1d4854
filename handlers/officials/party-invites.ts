import { createHash } from 'node:crypto';
import { DomainError, isCountyLevel, isOfficial } from '../../domain/index.js';
import type { Enterprise, Outbound } from '../../domain/index.js';
import { oneTimePassword } from '../accounts.js';
import type { Ctx } from '../context.js';
import { findEnterprise } from '../dispatch.js';
import { text } from '../format.js';

const INVITE_DAYS = 7;
const inviteHash = (code: string) => createHash('sha256').update(code.trim()).digest('hex');

async function enterpriseNamed(ctx: Ctx, ref: string): Promise<Enterprise> {
  const byId = await ctx.deps.stores.enterprises.get(ref);
  const match = byId ? undefined : await findEnterprise(ctx.deps.stores.enterprises, { typed: ref });
  const e = byId ?? (match ? await ctx.deps.stores.enterprises.get(match.enterprise.id) : null);
  if (!e) throw new DomainError('INVALID_INPUT', `no registered enterprise "${ref}"`, { field: 'enterprise' });
  return e;
}

/**
 * `/invite enterprise <name | credit code>`: the enterprise's town (or the county) invites its 企业安全负责人.
 * `/invite expert <enterprise>,<enterprise>`: the county invites an expert assigned to those enterprises.
 */
export async function createPartyInvite(ctx: Ctx, role: 'enterprise' | 'expert', args: string): Promise<Outbound[]> {
  if (!args) return [text(ctx.t('invite.enterpriseUsage'))];
  const invites = ctx.deps.invites;
  if (!invites) throw new DomainError('FORBIDDEN', 'invites are not configured');
  if (!isOfficial(ctx.actor) || (role === 'expert' && !isCountyLevel(ctx.actor))) {
    throw new DomainError('FORBIDDEN', `${ctx.actor.role} may not invite ${role}`);
  }
  const refs = role === 'enterprise' ? [args] : args.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
  const enterprises = await Promise.all(refs.map((r) => enterpriseNamed(ctx, r)));
  for (const e of enterprises) {
    if (!isCountyLevel(ctx.actor) && e.townId !== ctx.actor.townId) throw new DomainError('WRONG_TOWN', `${e.name} is not in ${ctx.actor.townId}`);
  }
  const code = oneTimePassword(10);
  const now = ctx.deps.clock.now();
  await invites.insert({
    codeHash: inviteHash(code),
    role,
    ...(role === 'enterprise' ? { townId: enterprises[0]!.townId, enterpriseId: enterprises[0]!.id } : { enterpriseIds: enterprises.map((e) => e.id) }),
    createdBy: ctx.actor.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
  });
  ctx.deps.log.info({ by: ctx.actor.id, role, enterprises: enterprises.map((e) => e.id) }, 'party invite issued');
  return role === 'enterprise'
    ? [text(ctx.t('invite.enterpriseCreated', { code, enterprise: enterprises[0]!.name, days: INVITE_DAYS }))]
    : [text(ctx.t('invite.expertCreated', { code, enterprises: enterprises.map((e) => e.name).join('、'), days: INVITE_DAYS }))];
}
