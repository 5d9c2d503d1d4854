import { createHash } from 'node:crypto';
import { isOfficial, type Outbound } from '../../domain/index.js';
import { oneTimePassword } from '../accounts.js';
import { actorOf, type Ctx } from '../context.js';
import { text } from '../format.js';

/** A link code is short-lived: it is typed into the person's other chat right away. */
const LINK_MINUTES = 15;
/** Link codes share the invite table; their hash space is kept apart from invite codes. */
const linkHash = (code: string) => createHash('sha256').update(`link:${code.trim()}`).digest('hex');

/**
 * `/bind` with no code, in a chat bound to an official: a one-time code that links another chat to the
 * same identity. Channels that name one person with different ids (the WeCom bot and the WeCom app, or
 * Telegram) are linked only this way, by the person, never guessed.
 */
export async function offerLink(ctx: Ctx): Promise<Outbound[] | undefined> {
  const { identity, deps } = ctx;
  if (!identity || !isOfficial(identity) || ctx.sender || !deps.invites) return undefined;
  const code = oneTimePassword(10);
  const now = deps.clock.now();
  await deps.invites.insert({
    codeHash: linkHash(code),
    role: identity.role as Exclude<typeof identity.role, 'worker'>,
    ...(identity.townId && { townId: identity.townId }),
    createdBy: identity.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + LINK_MINUTES * 60_000),
  });
  return [text(ctx.t('bind.linkCode', { code, minutes: LINK_MINUTES }))];
}

/** `/bind <code>` where the code is a link code: this chat now acts as the identity that asked for it. */
export async function bindByLink(ctx: Ctx, code: string): Promise<Outbound[] | undefined> {
  const { deps } = ctx;
  if (!deps.invites) return undefined;
  const link = await deps.invites.consume(linkHash(code), `chat:${ctx.chat}`, deps.clock.now());
  if (!link) return undefined;
  const identity = await deps.stores.identities.get(link.createdBy);
  if (!identity) return [text(ctx.t('bind.invalid'))];
  await deps.stores.identities.bind(ctx.chat, identity.id);
  ctx.identity = identity;
  ctx.actor = actorOf(identity, ctx.chat);
  deps.log.info({ identity: identity.id }, 'chat linked to an existing identity');
  return [text(ctx.t('bind.linked', { name: identity.displayName, role: ctx.t(`role.${identity.role}`) }))];
}
