import type { Api } from 'grammy';
import { locales, translator } from '../../locales/index.js';

/** The bot menu. Officials' commands (/invite, /bindgroup) stay out of it: /help lists them for officials. */
const menuCommands = ['start', 'report', 'tip', 'cases', 'bind', 'lang', 'help', 'cancel'] as const;

/** Chinese for everyone by default, English for clients set to English. */
export async function registerCommands(api: Api): Promise<void> {
  for (const locale of locales) {
    const t = translator(locale);
    const commands = menuCommands.map((c) => ({ command: c, description: t(`command.${c}`) }));
    await api.setMyCommands(commands, locale === 'en' ? { language_code: 'en' } : undefined);
  }
  await api.setChatMenuButton({ menu_button: { type: 'commands' } });
}
