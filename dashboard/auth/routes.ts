import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { clientAddress } from '../../bot/web/client-address.js';
import { loginErrorText } from '../../bot/web/login-messages.js';
import { rotateSession } from '../../bot/web/session.js';
import { isDomainError, isOfficial, type Identity } from '../../domain/index.js';
import { changePassword, loginGuard, type AccountDeps } from '../../handlers/accounts.js';
import { translator } from '../../locales/index.js';
import { hashLoginToken } from '../../handlers/dashboard-link.js';
import { audit } from '../audit/record.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { csrfField, page } from '../html/layout.js';
import { to } from '../paths.js';
import { idleSpan, type IdleSessions } from './idle.js';
import { requireOfficial } from './session.js';

const field = (form: Record<string, unknown>, name: string): string => (typeof form[name] === 'string' ? (form[name] as string) : '');

/** Password login, one-time links from the chat's /dashboard command, logout and the first-login password change. */
export function authRoutes(deps: DashboardDeps, sessions: IdleSessions): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const accounts: AccountDeps = {
    identities: deps.core.stores.identities,
    towns: deps.core.stores.towns,
    newId: deps.core.newId,
    now: () => deps.core.clock.now(),
  };
  // Per client address and per account, in the store (or Redis): restarts and replicas share the counts.
  if (!deps.core.rateLimits) throw new Error('the dashboard login needs rate limits (HandlerDeps.rateLimits)');
  const login = loginGuard(accounts, deps.core.rateLimits);
  const t = translator('zh-CN');

  const signIn = async (c: Context<DashEnv>, identity: Identity, via: string) => {
    await sessions.end(c.get('chat'));
    const chat = rotateSession(c, deps.secureCookies);
    await deps.core.stores.identities.bind(chat, identity.id);
    await sessions.start(chat);
    await audit(deps, c, 'login', { detail: via }, identity);
    return c.redirect(to(identity.mustChangePassword && identity.passwordHash ? '/password' : ''), 303);
  };

  const idleNotice = `您已超过${idleSpan(sessions.idleMs)}未操作，为保护数据安全已自动退出管理后台，请重新登录。`;
  const loginForm = (c: Context<DashEnv>, error?: string, status: 200 | 401 | 429 = 200, notice?: string) =>
    page(
      c,
      '登录',
      html`<form method="post" action="${to('/login')}" class="card narrow">
        ${csrfField(c)}
        <label>用户名 <input name="username" autocomplete="username" required maxlength="64" autofocus></label>
        <label>密码 <input name="password" type="password" autocomplete="current-password" required maxlength="256"></label>
        <button type="submit">登录</button>
        <p class="hint">已绑定官员身份的人员，也可在聊天中发送 /dashboard 获取一次性登录链接。</p>
      </form>`,
      { error, status, notice },
    );

  app.get('/login', (c) => loginForm(c, undefined, 200, c.req.query('idle') ? idleNotice : undefined));

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    try {
      const identity = await login(field(form, 'username').slice(0, 64), field(form, 'password').slice(0, 256), clientAddress(c));
      if (!isOfficial(identity)) return loginForm(c, t('web.loginFailed'), 401);
      return signIn(c, identity, '用户名密码');
    } catch (e) {
      const refused = loginErrorText(e, t);
      if (!refused || refused.status === 400) throw e;
      deps.core.log.warn({ address: clientAddress(c) }, 'dashboard login refused');
      return loginForm(c, refused.text, refused.status);
    }
  });

  // GET only asks: chat apps fetch links for previews, which must not burn a single-use token.
  app.get('/login/:token', (c) =>
    page(
      c,
      '一次性登录',
      html`<form method="post" class="card narrow">
        ${csrfField(c)}
        <p>您正在通过聊天中获取的一次性链接登录管理后台。</p>
        <button type="submit">进入管理后台</button>
      </form>`,
    ),
  );

  app.post('/login/:token', async (c) => {
    const id = await deps.stores.loginTokens.consume(hashLoginToken(c.req.param('token')), deps.core.clock.now());
    const identity = id ? await deps.core.stores.identities.get(id) : null;
    if (!identity || !isOfficial(identity)) {
      return page(c, '一次性登录', html`<p><a href="${to('/login')}">使用用户名和密码登录</a></p>`, {
        error: '链接无效、已使用或已过期。请在聊天中重新发送 /dashboard 获取新链接。',
        status: 403,
      });
    }
    return signIn(c, identity, '聊天一次性链接');
  });

  // Not behind requireOfficial: 退出 on a page left open past the idle limit still unbinds the chat.
  app.post('/logout', async (c) => {
    const chat = c.get('chat');
    const identity = await deps.core.stores.identities.byChat(chat);
    if (!identity || !isOfficial(identity)) return c.text('login required', 401);
    await audit(deps, c, 'logout', {}, identity);
    await deps.core.stores.identities.unbind(chat);
    await sessions.end(chat);
    rotateSession(c, deps.secureCookies);
    return c.redirect(to('/login'), 303);
  });

  const passwordForm = (c: Context<DashEnv>, error?: string) =>
    page(
      c,
      '修改密码',
      html`<form method="post" action="${to('/password')}" class="card narrow">
        ${csrfField(c)}
        ${c.var.official.identity.mustChangePassword ? html`<p>首次登录，请先修改一次性密码。</p>` : ''}
        <label>当前密码 <input name="current" type="password" autocomplete="current-password" required></label>
        <label>新密码（至少10位） <input name="next" type="password" autocomplete="new-password" required minlength="10"></label>
        <button type="submit">修改</button>
      </form>`,
      { error, status: error ? 400 : 200 },
    );

  app.use('/password', requireOfficial(deps, sessions));
  app.get('/password', (c) => passwordForm(c));
  app.post('/password', async (c) => {
    const form = await c.req.parseBody();
    try {
      await changePassword(accounts, c.var.official.identity, field(form, 'current'), field(form, 'next'));
    } catch (e) {
      if (isDomainError(e, 'FORBIDDEN')) return passwordForm(c, '当前密码不正确。');
      const refused = loginErrorText(e, t);
      if (refused) return passwordForm(c, refused.text);
      throw e;
    }
    await audit(deps, c, 'password.change');
    return c.redirect(to(), 303);
  });

  return app;
}
