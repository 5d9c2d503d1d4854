import { createHash, randomBytes } from 'node:crypto';
import { isOfficial } from '../domain/index.js';
import type { Outbound } from '../domain/index.js';
import type { LoginTokenRepo } from '../domain/dashboard.js';
import type { Ctx } from './context.js';
import { text } from './format.js';

export const LOGIN_LINK_MINUTES = 10;

export const hashLoginToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Issues single-use, short-lived links to `<dashboardUrl>/login/<token>`; the store keeps only the token's hash. */
export function dashboardLinkIssuer(deps: { tokens: LoginTokenRepo; dashboardUrl: string; now: () => Date }) {
  return async (identityId: string): Promise<string> => {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(deps.now().getTime() + LOGIN_LINK_MINUTES * 60_000);
    await deps.tokens.put({ hash: hashLoginToken(token), identityId, expiresAt });
    return `${deps.dashboardUrl}/login/${token}`;
  };
}

/** `/dashboard`: a bound official gets a login link, in a private chat only (a group would share it). */
export async function dashboardCommand(ctx: Ctx): Promise<Outbound[]> {
  if (!ctx.identity || !isOfficial(ctx.identity)) return [text(ctx.t('dashboard.officialsOnly'))];
  const issue = ctx.deps.dashboardLink;
  if (!issue) return [text(ctx.t('dashboard.unavailable'))];
  const towns = await ctx.deps.stores.towns.list();
  if (towns.some((t) => t.groupChats.includes(ctx.chat))) return [text(ctx.t('dashboard.privateOnly'))];
  ctx.deps.log.info({ identity: ctx.identity.id }, 'dashboard login link issued');
  return [text(ctx.t('dashboard.link', { url: await issue(ctx.identity.id), minutes: LOGIN_LINK_MINUTES }))];
}
