import { isDomainError } from '../domain/index.js';
import { hasMessage, type MessageKey, type Translate } from '../locales/index.js';

/** The single place a domain error becomes words a user reads. Unknown errors never leak details. */
export function errorText(e: unknown, t: Translate): string | undefined {
  if (!isDomainError(e)) return undefined;
  const key = `error.${e.code}` as MessageKey;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.details ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    // An action is named in the reader's words (案件当前状态下不能执行“下达督办通知书”), never by its code.
    if (k === 'action' && typeof v === 'string' && hasMessage(`action.${v}`)) params[k] = t(`action.${v}` as MessageKey);
    if (Array.isArray(v)) params[k] = v.map((x) => (typeof x === 'string' ? t(`supervision.${x}` as MessageKey) : String(x))).join('、');
  }
  if (e.code === 'UNSUPPORTED_MEDIA' && e.details?.hint === 'heic') return t('error.HEIC');
  if (e.code === 'UNSUPPORTED_MEDIA' && e.details?.hint === 'pixels') return t('media.tooManyPixels', params);
  if (e.code === 'UNSUPPORTED_MEDIA' && e.details?.hint === 'undeliverable') return t('media.undeliverable');
  if (e.code === 'UNSUPPORTED_MEDIA' && e.details?.hint === 'wecom-media') return t('wecom.mediaRefused');
  if (e.code === 'UNSUPPORTED_MEDIA' && e.details?.hint === 'empty') return t('media.empty', { name: String(e.details.name || '…') });
  // A field-specific explanation beats a generic "input is wrong" when the catalog has one.
  const fieldKey = `error.INVALID_INPUT.${String(e.details?.field)}`;
  if (e.code === 'INVALID_INPUT' && hasMessage(fieldKey)) return t(fieldKey, params);
  return t(key, params);
}
