import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyCommand } from '../../../domain/index.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { WebChatClient } from '../../support/web-client.js';
import { appMailEnv, emptyMailbox, MAIL, mailServerAvailable, markAllUnseen, readMailbox, smtp, waitForMail } from './mail-server.js';

const mongoUri = serviceUrl('MONGODB_URI');
const mailUp = await mailServerAvailable();

describe.each<StoreKind>(['sqlite', 'mongo'])('e-mail tips through the real mail server on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  const skip = !mailUp || (kind === 'mongo' && !mongoUri);
  const send = (mail: Record<string, unknown>) => smtp().sendMail({ from: MAIL.tipster, to: MAIL.bureau, ...mail });
  const tipCases = async () => (await h.app.stores.cases.list({ source: 'anonymous_tip' }, { limit: 50 })).items;


  beforeAll(async () => {
    if (skip) return;
    await emptyMailbox(MAIL.bureau);
    h = await startTestApp(kind, mongoUri, { ...appMailEnv(), TIP_CONTACT_KEY: randomBytes(32).toString('base64') });
  });
  afterAll(async () => h?.stop());
  beforeEach(async () => {
    if (skip) return;
    await h.app.mail!.pollOnce();
    await emptyMailbox(MAIL.bureau);
    await emptyMailbox(MAIL.tipster);
  });

  it.skipIf(skip)('a mailed tip becomes a case and its receipt code and PIN are mailed back; re-fetching makes no second case', { timeout: 60_000 }, async () => {
    await send({
      subject: '举报：冷却水管漏水',
      html: '<p>金泰铸造熔炼炉旁<b>冷却水管</b>漏水，地面积水靠近钢包。<script>alert("x")</script><img src="https://tracker.example/p.gif"></p>',
      attachments: [
        { filename: 'site.jpg', content: await phonePhoto(), contentType: 'image/jpeg' },
        { filename: 'notes.pdf', content: Buffer.from('%PDF-1.4 not an image'), contentType: 'application/pdf' },
      ],
    });
    await waitForMail(MAIL.bureau, 1);
    expect(await h.app.mail!.pollOnce()).toBe(1);

    const [receipt] = await waitForMail(MAIL.tipster, 1);
    expect(receipt!.subject).toMatch(/^举报已受理 \[举报码 [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\]$/);
    expect(receipt!.headers.get('auto-submitted')).toBe('auto-replied');
    const code = /举报码：(\S+)/.exec(receipt!.text ?? '')![1]!;
    const pin = /举报密码：(\S+)/.exec(receipt!.text ?? '')![1]!;
    expect(receipt!.text).toContain('已收到照片 1 张');
    expect(receipt!.text).toContain('未能使用的附件 1 个');

    const [c] = await tipCases();
    expect(c!.description).toContain('冷却水管漏水');
    expect(c!.description).not.toMatch(/<|script|alert|tracker/);
    expect(c!.beforePhotos).toHaveLength(1);
    // The stored photo is re-encoded: no EXIF (GPS) survives.
    const stored = await h.app.stores.media.get(c!.beforePhotos[0]!.id);
    expect((await sharp(Buffer.from(stored!.data)).metadata()).exif).toBeUndefined();

    // The tipster checks in the web chat with what the mail said.
    const chat = new WebChatClient(h.app.fetch);
    await chat.say(`/tip ${code}`);
    expect(chat.text(await chat.say(pin))).toContain(c!.number);

    // The sender's address is kept nowhere: no opt-in yet.
    expect(await h.storeDump()).not.toContain(MAIL.tipster);
    expect(h.logs.raw.join('\n')).not.toContain(MAIL.tipster);
    expect((await readMailbox(MAIL.bureau))[0]!.seen).toBe(true);

    // A crash before the \Seen flag: the next poll sees it again and handles it once (Message-ID).
    await markAllUnseen(MAIL.bureau);
    await h.app.mail!.pollOnce();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await tipCases()).toHaveLength(1);
    expect(await readMailbox(MAIL.tipster)).toHaveLength(1);
  });

  it.skipIf(skip)('the tipster opts in by replying and hears about progress by mail; the address is kept sealed only', { timeout: 60_000 }, async () => {
    const before = (await tipCases()).length;
    await send({ subject: '有限空间无人监护', text: '某厂污水池清理作业无人监护，未做气体检测。' });
    await waitForMail(MAIL.bureau, 1);
    await h.app.mail!.pollOnce();
    const [receipt] = await waitForMail(MAIL.tipster, 1);
    const pin = /举报密码：(\S+)/.exec(receipt!.text ?? '')![1]!;

    await send({ subject: `Re: ${receipt!.subject}`, text: `通知 ${pin}\n\n在 2026年12月7日 写道：\n> 举报密码：${pin}`, inReplyTo: receipt!.messageId, references: [receipt!.messageId!] });
    await waitForMail(MAIL.bureau, 2);
    await h.app.mail!.pollOnce();
    const box = await waitForMail(MAIL.tipster, 2);
    expect(box[1]!.text).toContain('已开启进展通知');
    expect(await tipCases()).toHaveLength(before + 1);
    expect(await h.storeDump()).not.toContain(MAIL.tipster);

    const c = (await tipCases())[0]!;
    const county = { id: 'county-1', role: 'county_official' as const };
    const saved = await h.app.stores.cases.update(applyCommand(c, { action: 'reject', reason: '经核查不属于安全生产隐患' }, county, new Date()));
    await h.app.tips!.onCaseChanged(saved);
    const notices = await waitForMail(MAIL.tipster, 3);
    expect(notices[2]!.subject).toBe('您的举报有新进展');
    expect(notices[2]!.text).toContain(c.number);
    expect(notices[2]!.text).toContain('不予受理');
  });

  it.skipIf(skip)('a flood from one address is cut at 10 tips an hour, answered once, then set aside', { timeout: 60_000 }, async () => {
    await emptyMailbox(MAIL.other);
    const before = (await tipCases()).length;
    const flood = smtp();
    for (let i = 1; i <= 12; i++) await flood.sendMail({ from: MAIL.other, to: MAIL.bureau, subject: `举报${i}`, text: `第${i}封：某厂配电室门口堆放易燃物` });
    await waitForMail(MAIL.bureau, 12);
    await h.app.mail!.pollOnce();
    const answers = await waitForMail(MAIL.other, 11);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await readMailbox(MAIL.other)).toHaveLength(11);
    expect(answers.filter((m) => m.text?.includes('举报码：'))).toHaveLength(10);
    expect(answers.filter((m) => m.text?.includes('发送的举报邮件过多'))).toHaveLength(1);
    expect(await tipCases()).toHaveLength(before + 10);
    // The tipster of the other tests is not affected.
    await send({ subject: '另一处隐患', text: '某厂煤气柜区域报警器损坏' });
    await waitForMail(MAIL.bureau, 13);
    await h.app.mail!.pollOnce();
    expect((await waitForMail(MAIL.tipster, 1))[0]!.text).toContain('举报码：');
  });

  it.skipIf(skip)('bad mail gets a clear answer or is set aside, and the poller carries on', { timeout: 90_000 }, async () => {
    const before = (await tipCases()).length;
    await send({ subject: '自动回复：不在办公室', text: '我正在休假，返回后回复您。', headers: { 'Auto-Submitted': 'auto-replied' } });
    await send({ subject: 'Newsletter', text: '本周安全资讯汇总', headers: { Precedence: 'bulk' } });
    await send({ subject: '', text: '' });
    await send({ subject: '照片太大', text: '见附件现场视频截图', attachments: [{ filename: 'huge.jpg', content: randomBytes(50 * 2 ** 20), contentType: 'image/jpeg' }] });
    await smtp().sendMail({
      envelope: { from: MAIL.tipster, to: [MAIL.bureau] },
      raw: [
        `From: ${MAIL.tipster}`,
        `To: ${MAIL.bureau}`,
        'Subject: =?broken?Q?',
        'Message-ID: <malformed-1@mail.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="never-closed"',
        '',
        '--never-closed',
        'Content-Type: text/plain; charset=x-unknown-charset',
        'Content-Transfer-Encoding: base64',
        '',
        '%%%% not base64 %%%%',
        '',
      ].join('\r\n'),
    });
    await send({ subject: '配电室堆放易燃物', text: '某厂配电室门口堆放大量纸箱等易燃物。' });
    await waitForMail(MAIL.bureau, 6, 30_000);
    await h.app.mail!.pollOnce();

    const answers = await waitForMail(MAIL.tipster, 4, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    const texts = (await readMailbox(MAIL.tipster)).map((m) => m.text ?? '');
    // The autoresponder and the list mail get nothing back (no loops); the rest are answered.
    expect(texts).toHaveLength(4);
    expect(texts.filter((t) => t.includes('没有可读的正文'))).toHaveLength(2);
    expect(texts.filter((t) => t.includes('超过 20 MB'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('举报码：'))).toHaveLength(1);
    expect(answers.every((m) => m.headers.get('auto-submitted') === 'auto-replied')).toBe(true);
    expect(await tipCases()).toHaveLength(before + 1);
    expect((await readMailbox(MAIL.bureau)).every((m) => m.seen)).toBe(true);
  });
});
