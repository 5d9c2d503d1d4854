import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMailPoller } from '../../../bot/mail/poller.js';

/** A poll against a mail server that is down, or that hangs up mid-greeting, is logged and retried, never thrown. */
describe('mail poller during an outage', () => {
  const logs: string[] = [];
  const log = { info: () => undefined, warn: (_: object, m?: string) => void logs.push(m ?? ''), error: (_: object, m?: string) => void logs.push(m ?? '') };
  const handle = async () => 'tip' as const;

  it('survives a closed port and a server that hangs up', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const down = createMailPoller({ imapUrl: `imap://u:p@127.0.0.1:${port}`, folder: 'INBOX', pollMs: 60_000, log, handle });
    await expect(down.pollOnce()).resolves.toBe(0);

    const rude = createServer((s) => s.end('* BYE go away\r\n'));
    await new Promise<void>((r) => rude.listen(0, '127.0.0.1', r));
    const hangup = createMailPoller({ imapUrl: `imap://u:p@127.0.0.1:${(rude.address() as { port: number }).port}`, folder: 'INBOX', pollMs: 60_000, log, handle });
    await expect(hangup.pollOnce()).resolves.toBe(0);
    rude.close();
    expect(logs.filter((l) => l === 'mail poll failed; will retry')).toHaveLength(2);
  });
});
