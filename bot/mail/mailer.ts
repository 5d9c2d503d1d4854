import nodemailer from 'nodemailer';
import type { ChatPort, Outbound } from '../../domain/index.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
}

export interface Mailer {
  send(m: OutgoingMail): Promise<void>;
  close(): void;
}

/** Answers over SMTP. Every message says it is automatic (RFC 3834), so well-behaved autoresponders stay quiet. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    ...(url.username && { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
  });
  return {
    async send(m) {
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        inReplyTo: m.inReplyTo,
        references: m.references,
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      });
    },
    close: () => transport.close(),
  };
}

/** Progress notices to a tipster who opted in by mail: the sealed contact opens to `mail:<address>`. */
export function mailChatPort(mailer: Mailer, subject: string): ChatPort {
  return {
    async send(chat, messages: Outbound[]) {
      const to = chat.slice('mail:'.length);
      const text = messages.flatMap((m) => (m.kind === 'text' ? [m.text] : [])).join('\n\n');
      await mailer.send({ to, subject, text });
    },
  };
}
