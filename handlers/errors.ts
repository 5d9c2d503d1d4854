import { isDomainError } from '../domain/index.js';
import type { MessageKey, Translate } from '../locales/index.js';

/** The single place a domain error becomes words a user reads. Unknown errors never leak details. */
export function errorText(e: unknown, t: Translate): string | undefined {
  if (!isDomainError(e)) return undefined;
  const key = `error.${e.code}` as MessageKey;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.details ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    if (Array.isArray(v)) params[k] = v.map((x) => (typeof x === 'string' ? t(`supervision.${x}` as MessageKey) : String(x))).join('、');
  }
  if (e.code === 'UNSUPPORTED_MEDIA' && e.details?.hint === 'heic') return t('error.HEIC');
  return t(key, params);
}
