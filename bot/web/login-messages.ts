import { isDomainError } from '../../domain/index.js';
import type { MessageKey, Translate } from '../../locales/index.js';

const passwordKeys: Record<string, MessageKey> = {
  short: 'web.passwordTooShort',
  long: 'web.passwordTooLong',
  common: 'web.passwordCommon',
  username: 'web.passwordLikeUsername',
  unchanged: 'web.passwordUnchanged',
};

/**
 * Words for a failed login or password change, shared by the web chat and the dashboard; undefined for
 * errors that are not about logging in. Never says whether the account exists.
 */
export function loginErrorText(e: unknown, t: Translate): { text: string; status: 400 | 401 | 429 } | undefined {
  if (isDomainError(e, 'FORBIDDEN')) return { text: t('web.loginFailed'), status: 401 };
  if (isDomainError(e, 'RATE_LIMITED')) {
    return e.details?.busy ? { text: t('web.loginBusy'), status: 429 } : { text: t('web.loginLocked', { minutes: Number(e.details?.minutes ?? 15) }), status: 429 };
  }
  if (isDomainError(e, 'INVALID_INPUT') && e.details?.field === 'password') {
    return { text: t(passwordKeys[String(e.details.problem)] ?? 'web.passwordTooShort'), status: 400 };
  }
  return undefined;
}
