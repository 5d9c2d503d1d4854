import { ImapFlow } from 'imapflow';
import type { HandlerLogger } from '../../handlers/index.js';
import type { MailMeta, MailOutcome } from './intake.js';

const LOOP_HEADERS = ['auto-submitted', 'precedence', 'x-autoreply', 'x-autorespond', 'list-id'];
/** A message that fails this often is flagged seen and left for a person: one bad mail never blocks the rest. */
const MAX_FAILURES = 3;

export interface MailPollerOptions {
  imapUrl: string;
  folder: string;
  pollMs: number;
  log: HandlerLogger;
  handle(meta: MailMeta, source: () => Promise<Buffer>): Promise<MailOutcome>;
}

function parseHeaders(raw: Buffer | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (raw?.toString('utf8') ?? '').replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/** Polls the tip mailbox over IMAP: every unseen message is handed over once, then flagged \Seen. Never throws. */
export function createMailPoller(opts: MailPollerOptions) {
  const url = new URL(opts.imapUrl);
  const failures = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const client = () =>
    new ImapFlow({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'imaps:' ? 993 : 143)),
      secure: url.protocol === 'imaps:',
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      logger: false,
    });

  async function poll(): Promise<number> {
    const imap = client();
    // A dropped connection emits 'error'; without a listener it would crash the process.
    imap.on('error', (e: Error) => opts.log.warn({ err: e.message }, 'mail connection error'));
    let handled = 0;
    try {
      await imap.connect();
      const lock = await imap.getMailboxLock(opts.folder);
      try {
        const validity = imap.mailbox ? String(imap.mailbox.uidValidity) : '0';
        const uids = (await imap.search({ seen: false }, { uid: true })) || [];
        for (const uid of uids) {
          const key = `${validity}:${uid}`;
          try {
            const msg = await imap.fetchOne(String(uid), { uid: true, size: true, envelope: true, headers: LOOP_HEADERS }, { uid: true });
            if (!msg) continue;
            const env = msg.envelope;
            const meta: MailMeta = {
              size: msg.size ?? 0,
              messageId: env?.messageId || undefined,
              from: env?.replyTo?.[0]?.address ?? env?.from?.[0]?.address,
              subject: env?.subject,
              inReplyTo: env?.inReplyTo || undefined,
              headers: parseHeaders(msg.headers),
              fallbackId: `${opts.folder}:${key}`,
            };
            const source = async () => {
              const full = await imap.fetchOne(String(uid), { source: true }, { uid: true });
              if (!full || !full.source) throw new Error('message vanished before download');
              return full.source;
            };
            await opts.handle(meta, source);
            await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
            failures.delete(key);
            handled++;
          } catch (e) {
            const n = (failures.get(key) ?? 0) + 1;
            failures.set(key, n);
            opts.log.error({ err: (e as Error).message, uid, failures: n }, 'mail message failed');
            if (n >= MAX_FAILURES) {
              await imap.messageFlagsAdd(String(uid), ['\\Seen', '\\Flagged'], { uid: true }).catch(() => undefined);
              opts.log.error({ uid }, 'mail message set aside after repeated failures; flagged for a person');
            }
          }
        }
      } finally {
        lock.release();
      }
    } catch (e) {
      opts.log.warn({ err: (e as Error).message }, 'mail poll failed; will retry');
    } finally {
      await imap.logout().catch(() => imap.close());
    }
    return handled;
  }

  return {
    /** One pass over the mailbox; concurrent callers share the pass in progress. */
    pollOnce(): Promise<number> {
      running ??= poll().finally(() => (running = undefined));
      return running;
    },
    start(): void {
      const tick = () => {
        timer = setTimeout(async () => {
          await this.pollOnce();
          if (timer) tick();
        }, opts.pollMs);
      };
      void this.pollOnce();
      tick();
    },
    async stop(): Promise<void> {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
