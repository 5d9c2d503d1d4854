import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { portOpen } from '../../support/services.js';

/**
 * The real mail server .ci/mail-server starts (Postfix SMTP → LMTP → Dovecot IMAP, domain mail.test).
 * Locally a missing server skips the suite; under CI=true it fails, so CI can never pass by skipping.
 */
export const MAIL = {
  smtpPort: Number(process.env.MAIL_TEST_SMTP_PORT ?? 10025),
  imapPort: Number(process.env.MAIL_TEST_IMAP_PORT ?? 10143),
  password: 'mail-test-pass',
  bureau: 'jubao@mail.test',
  tipster: 'tipster@mail.test',
  other: 'other@mail.test',
};

export async function mailServerAvailable(): Promise<boolean> {
  const up = (await portOpen('127.0.0.1', MAIL.smtpPort)) && (await portOpen('127.0.0.1', MAIL.imapPort));
  if (!up && process.env.CI === 'true') throw new Error('the mail server is not running: CI must start it (.ci/mail-server)');
  return up;
}

export const appMailEnv = () => ({
  MAIL_IMAP_URL: `imap://${encodeURIComponent(MAIL.bureau)}:${MAIL.password}@127.0.0.1:${MAIL.imapPort}`,
  MAIL_SMTP_URL: `smtp://127.0.0.1:${MAIL.smtpPort}`,
  MAIL_FROM: MAIL.bureau,
  // The tests poll by hand; the app's own timer must not race them.
  MAIL_POLL_SECONDS: '3600',
  MAIL_MAX_MB: '20',
});

/** Mail as a person's client sends it: SMTP submission to the local server. */
export const smtp = () => nodemailer.createTransport({ host: '127.0.0.1', port: MAIL.smtpPort, secure: false, ignoreTLS: true });

async function withMailbox<T>(user: string, fn: (imap: ImapFlow) => Promise<T>): Promise<T> {
  const imap = new ImapFlow({ host: '127.0.0.1', port: MAIL.imapPort, secure: false, auth: { user, pass: MAIL.password }, logger: false });
  await imap.connect();
  const lock = await imap.getMailboxLock('INBOX');
  try {
    return await fn(imap);
  } finally {
    lock.release();
    await imap.logout();
  }
}

export const emptyMailbox = (user: string) =>
  withMailbox(user, async (imap) => {
    if ((imap.mailbox && imap.mailbox.exists) || 0) await imap.messageDelete('1:*');
  });

/** Every message in the INBOX, parsed, with its \Seen state. */
export const readMailbox = (user: string) =>
  withMailbox(user, async (imap) => {
    const out: Array<ParsedMail & { seen: boolean; uid: number }> = [];
    if (!imap.mailbox || !imap.mailbox.exists) return out;
    for await (const m of imap.fetch('1:*', { uid: true, flags: true, source: true })) {
      out.push(Object.assign(await simpleParser(m.source!), { seen: m.flags?.has('\\Seen') ?? false, uid: m.uid }));
    }
    return out;
  });

/** Clears \Seen on every message, as if the poller had crashed before flagging them. */
export const markAllUnseen = (user: string) =>
  withMailbox(user, async (imap) => {
    if (imap.mailbox && imap.mailbox.exists) await imap.messageFlagsRemove('1:*', ['\\Seen']);
  });

/** Waits until the INBOX holds `n` messages (delivery through Postfix takes a moment). */
export async function waitForMail(user: string, n: number, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const box = await readMailbox(user);
    if (box.length >= n) return box;
    if (Date.now() > end) throw new Error(`${user} has ${box.length} of ${n} expected messages`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
