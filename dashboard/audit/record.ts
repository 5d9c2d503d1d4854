import type { Context } from 'hono';
import type { Identity } from '../../domain/index.js';
import { clientAddress } from '../../bot/web/client-address.js';
import type { DashboardDeps, DashEnv } from '../deps.js';

/** Appends who did what, when and from where. `who` defaults to the signed-in official. */
export async function audit(
  deps: DashboardDeps,
  c: Context<DashEnv>,
  action: string,
  what: { target?: string; detail?: string } = {},
  who: Identity = c.var.official.identity,
): Promise<void> {
  await deps.stores.audit.append({
    id: deps.core.newId(),
    at: deps.core.clock.now(),
    actorId: who.id,
    actorName: who.displayName,
    actorRole: who.role,
    action,
    target: what.target,
    detail: what.detail?.slice(0, 500),
    address: clientAddress(c),
    forwardedFor: c.req.header('x-forwarded-for')?.slice(0, 200),
    userAgent: c.req.header('user-agent')?.slice(0, 200),
  });
}
