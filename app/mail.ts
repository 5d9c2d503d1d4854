import { createMailPoller } from '../bot/mail/poller.js';
import { handleMail } from '../bot/mail/intake.js';
import { mailChatPort, smtpMailer } from '../bot/mail/mailer.js';
import type { IntakeStores } from '../domain/alerts.js';
import type { HandlerDeps } from '../handlers/index.js';
import { translator } from '../locales/index.js';
import type { ChatRouter } from './chat-router.js';
import type { AppConfig } from './config.js';

/**
 * 举报邮箱: polls the mailbox over IMAP and answers over SMTP, when MAIL_IMAP_URL is configured. Progress notices
 * to tipsters who opted in by mail go out through the `mail:` chat prefix.
 */
export function openMail(config: AppConfig, core: HandlerDeps, intake: IntakeStores, chat: ChatRouter) {
  const mail = config.mail;
  const tips = core.tips;
  if (!mail || !tips) return undefined;
  const mailer = smtpMailer(mail.smtpUrl, mail.from);
  chat.register(['mail'], mailChatPort(mailer, translator(core.defaultLocale)('mail.noticeSubject')));
  // Per sender address (hashed): 10 tips an hour, one "please slow down" answer an hour.
  const senderLimits = core.rateLimits && {
    tips: core.rateLimits.limiter('mail-sender-tips', { points: 10, durationMs: 3_600_000 }),
    notices: core.rateLimits.limiter('mail-sender-notices', { points: 1, durationMs: 3_600_000 }),
  };
  const poller = createMailPoller({
    imapUrl: mail.imapUrl,
    folder: mail.folder,
    pollMs: mail.pollMs,
    log: core.log,
    handle: (meta, source) =>
      handleMail({ tips, seen: intake.messages, mailer, ownAddress: mail.from, maxBytes: mail.maxBytes, clock: core.clock, log: core.log, senderLimits }, meta, source),
  });
  return {
    pollOnce: () => poller.pollOnce(),
    start: () => poller.start(),
    async stop() {
      await poller.stop();
      mailer.close();
    },
  };
}
