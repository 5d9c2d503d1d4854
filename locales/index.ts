import type { Locale } from '../domain/index.js';
import { en } from './en.js';
import { zhCN, type Messages } from './zh-CN.js';

export type { Messages };
export type MessageKey = keyof Messages;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const catalogs: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export const locales: readonly Locale[] = ['zh-CN', 'en'];

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => {
    const template = catalog[key];
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : template;
  };
}

export const hasMessage = (key: string): key is MessageKey => key in zhCN;

/** Maps a channel's language hint (Telegram's `en-US`, `zh-hans`…) to a supported locale. */
export function negotiateLocale(hint: string | undefined, fallback: Locale): Locale {
  if (!hint) return fallback;
  const h = hint.toLowerCase();
  if (h.startsWith('en')) return 'en';
  if (h.startsWith('zh')) return 'zh-CN';
  return fallback;
}
