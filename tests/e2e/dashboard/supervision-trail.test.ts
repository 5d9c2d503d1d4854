import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDay } from '../../../dashboard/dates.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { WebChatClient } from '../../support/web-client.js';
import { seedCountyWeek } from './county-week.js';
import { FormClient } from './form-client.js';

const mongoUri = serviceUrl('MONGODB_URI');
const DAY = 86_400_000;
const jpeg = async (name: string, rgb: { r: number; g: number; b: number }) => new File([new Uint8Array(await phonePhoto(rgb))], name, { type: 'image/jpeg' });
/** The text of the page's <main>, for failure messages. */
const main = (html: string) => html.slice(html.indexOf('<main>'), html.indexOf('<main>') + 1500);

/**
 * The 挂牌督办 trail worked from the dashboard (issue 14): the county issues the 督办通知书 (文号, .docx), serves it
 * on the enterprise's chat and in person and records the paper 签收; the enterprise asks for 延期 in its chat and
 * the town decides on the dashboard, seeing the attachment; the county records 验收 and only then closes.
 * Every form is CSRF-protected, confirmed, offered only to who may use it, and a refused form keeps what was typed.
 */
describe.each<StoreKind>(['sqlite', 'mongo'])('挂牌督办 trail on the dashboard on %s', (kind) => {
  const skip = kind === 'mongo' && !mongoUri;
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let week: Awaited<ReturnType<typeof seedCountyWeek>>;

  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri);
    week = await seedCountyWeek(h.app.stores);
  }, 60_000);
  afterAll(async () => h?.stop());

  it.skipIf(skip)('下达 → 送达 → 签收登记 → 延期审批 → 验收 → 销号, each step by the right person only', async () => {
    const { number } = week.cases.major;
    const page = `/dashboard/cases/${number}`;
    const stored = async () => (await h.app.stores.cases.getByNumber(number))!;
    const version = async () => String((await stored()).version);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

    const county = new FormClient(h.app.fetch);
    await county.login('lisi', week.county.password);
    const town = new FormClient(h.app.fetch);
    await town.login('zhang', week.town.password);

    // The enterprise's 安全负责人 binds a web chat through the town's invite (as in the chat).
    const townChat = new WebChatClient(h.app.fetch);
    expect((await townChat.login('zhang', week.town.password)).status).toBe(200);
    const invite = /邀请码：(\w+)/.exec(townChat.text(await townChat.say('/invite enterprise 金泰铸造')))?.[1];
    const boss = new WebChatClient(h.app.fetch);
    await boss.say(`/bind ${invite}`);
    expect(boss.text()).toContain('安全负责人');

    // 监管层级: the seeded case went 乡镇 → 县级 when it was assessed 重大; its own trail is on the page and in the chat.
    const first = await town.get(page);
    expect(first.html).toContain('监管层级记录');
    expect(first.html).toMatch(/乡镇 → 县级<\/td><td>评估定级/);
    const countyChat = new WebChatClient(h.app.fetch);
    expect((await countyChat.login('lisi', week.county.password)).status).toBe(200);
    const timeline = countyChat.text(await countyChat.say(`/case ${number}`));
    expect(timeline).toContain('监管层级：县级');
    expect(timeline).toContain('监管层级：乡镇 → 县级');

    // The town may not issue: no form, the reason said, and a forged post changes nothing.
    expect(first.html).not.toContain('/issue_notice"');
    expect(first.html).toContain('督办通知书的下达、送达、签收登记和验收由县局办理');
    const forged = await town.post(`${page}/issue_notice`, { version: await version(), confirm: '1' }, { csrfFrom: page });
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('您没有权限执行此操作');
    expect((await stored()).notice).toBeUndefined();

    // 下达: unconfirmed is refused and takes no 文号; confirmed gets 1号 and a .docx with the facts.
    expect((await county.get(page)).html).toContain(`action="${page}/issue_notice"`);
    const unconfirmed = await county.post(`${page}/issue_notice`, { version: await version() }, { csrfFrom: page });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.html).toContain('请勾选“我已核对以上内容”确认后再提交');
    const beforeIssue = await version();
    const issued = await county.post(`${page}/issue_notice`, { version: beforeIssue, confirm: '1' }, { csrfFrom: page });
    expect(issued.location, main(issued.html)).toBe(`${page}?done=issue_notice`);
    const after = await county.get(issued.location!);
    expect(after.html).toContain(`${number} 已下达督办通知书`);
    expect(after.html).toContain(`泽应急督〔${year}〕1号`);
    const docx = await county.request(`${page}/notice.docx`);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(await docx.arrayBuffer())).file('word/document.xml')!.async('string');
    for (const s of [`泽应急督〔${year}〕1号`, '泽州县金泰铸造有限公司', number]) expect(xml).toContain(s);
    // Issued once: the form is no longer offered, and a stale form is refused.
    expect(after.html).not.toContain(`action="${page}/issue_notice"`);
    expect((await county.post(`${page}/issue_notice`, { version: beforeIssue, confirm: '1' }, { csrfFrom: page })).status).toBe(409);
    // And the domain refuses a second notice even from a fresh form.
    const twice = await county.post(`${page}/issue_notice`, { version: await version(), confirm: '1' }, { csrfFrom: page });
    expect(twice.html).toContain('案件当前状态下不能执行“下达督办通知书”');

    // 送达: a way must be chosen; then the notice reaches the enterprise's chat with a 签收 button, and paper goes too.
    expect(after.html).toContain('已绑定 1 个');
    const noWay = await county.post(`${page}/serve_notice`, { version: await version(), confirm: '1' }, { csrfFrom: page });
    expect(noWay.html).toContain('请选择送达方式');
    const served = await county.post(`${page}/serve_notice`, { version: await version(), confirm: '1', push: '1', in_person: '1' }, { csrfFrom: page });
    expect(served.location, main(served.html)).toBe(`${page}?done=serve_notice`);
    const pushed = await boss.inbox();
    expect(boss.text(pushed)).toContain('重大事故隐患挂牌督办通知书');
    expect(boss.button(`a:${number}:acknowledge_notice`, pushed)).toBeTruthy();
    expect((await stored()).notice).toMatchObject({ servedVia: ['web', 'in_person'], servedAt: expect.any(Date) });
    expect((await county.get(page)).html).toContain('网页聊天、现场送达');

    // 签收 on paper: without the 送达回证 photo it is refused and the signer typed stays in the form.
    const noPhoto = await county.post(`${page}/record_receipt`, { version: await version(), confirm: '1', signer: '王安全' }, { csrfFrom: page, multipart: true });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.html).toContain('请上传附件');
    expect(noPhoto.html).toContain('value="王安全"');
    expect(noPhoto.html).toContain('附件需要重新选择');
    const receipt = await county.post(
      `${page}/record_receipt`,
      { version: await version(), confirm: '1', signer: '王安全', photos: await jpeg('receipt.jpg', { r: 220, g: 220, b: 200 }) },
      { csrfFrom: page, multipart: true },
    );
    expect(receipt.location, main(receipt.html)).toBe(`${page}?done=record_receipt`);
    const signedPage = await county.get(receipt.location!);
    expect(signedPage.html).toContain('王安全（纸质送达回证，李四登记）');
    expect((await stored()).notice?.receipt?.photos).toHaveLength(1);

    // 延期: the enterprise asks in its chat (reason + attachment).
    const oldDue = (await stored()).deadline!;
    const askExtension = async (days: number, reason: string) => {
      await boss.say(`/case ${number}`);
      await boss.choose(boss.button(`a:${number}:request_extension`));
      await boss.say(isoDay(new Date(oldDue.getTime() + days * DAY)));
      await boss.say(reason);
      await boss.photos([{ name: 'contract.jpg', type: 'image/jpeg', data: await phonePhoto({ r: 200, g: 200, b: days }) }]);
      await boss.choose('f:photos_done');
      expect(boss.text()).toContain('延期申请已提交');
    };
    // A first request is refused with a reason: the deadline stays, the enterprise hears why.
    await askExtension(60, '想再缓一缓');
    const refuseFrom = await town.get(page);
    const refused = await town.post(
      `${page}/decide_extension`,
      { version: await version(), confirm: '1', requestId: /name="requestId" value="([^"]+)"/.exec(refuseFrom.html)![1]!, decision: 'refuse', reason: '理由不充分，请按期整改' },
      { csrfFrom: page },
    );
    expect(refused.location, main(refused.html)).toBe(`${page}?done=decide_extension`);
    expect((await stored()).deadline).toEqual(oldDue);
    expect(boss.text(await boss.inbox())).toContain('不同意：理由不充分，请按期整改');
    expect((await town.get(page)).html).toContain('不同意：理由不充分，请按期整改');

    await askExtension(30, '新冷却水系统订货周期长，附供货合同');
    const attachment = (await stored()).extensions![1]!.attachments[0]!;

    // The county may decide too, but this is the town's: it sees the request and its attachment.
    const decidePage = await town.get(page);
    expect(decidePage.html).toContain(`action="${page}/decide_extension"`);
    expect(decidePage.html).toContain(`${page}/photos/${attachment.id}/thumb`);
    expect((await town.request(`${page}/photos/${attachment.id}`)).headers.get('content-type')).toBe('image/jpeg');
    const requestId = /name="requestId" value="([^"]+)"/.exec(decidePage.html)![1]!;
    const granted = isoDay(new Date(oldDue.getTime() + 15 * DAY));
    // No reason: refused, and the decision and date the official chose are still there.
    const noReason = await town.post(`${page}/decide_extension`, { version: await version(), confirm: '1', requestId, decision: 'approve', deadline: granted, reason: '' }, { csrfFrom: page });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('请填写原因');
    expect(noReason.html).toContain('value="approve" required checked');
    expect(noReason.html).toContain(`name="deadline" min="${isoDay(new Date())}" value="${granted}"`);
    const decided = await town.post(
      `${page}/decide_extension`,
      { version: await version(), confirm: '1', requestId, decision: 'approve', deadline: granted, reason: '合同属实，同意延期15天' },
      { csrfFrom: page },
    );
    expect(decided.location, main(decided.html)).toBe(`${page}?done=decide_extension`);
    const extended = await stored();
    expect(isoDay(extended.deadline!)).toBe(granted);
    expect(extended.extensions![1]).toMatchObject({ decision: 'approved', decisionReason: '合同属实，同意延期15天', grantedDeadline: extended.deadline });
    // The reminders follow the new deadline, and the enterprise hears the decision.
    const due = await h.app.deadlines.scheduler.nextRun(`case:${extended.id}:due`);
    expect(isoDay(due!)).toBe(granted);
    expect(boss.text(await boss.inbox())).toContain('同意延期');
    expect((await town.get(page)).html).toContain(`同意（延至 ${granted.replaceAll('-', '/')}）`);

    // 验收 comes after the rectification is reported; the town cannot record it, the county can.
    const review = await town.post(`${page}/request_review`, { version: await version(), note: '冷却水系统已更换', photos: await jpeg('after.jpg', { r: 40, g: 200, b: 40 }) }, { csrfFrom: page, multipart: true });
    expect(review.status, main(review.html)).toBe(303);
    expect((await town.get(page)).html).not.toContain(`action="${page}/record_acceptance"`);
    const townAcceptance = await town.post(`${page}/record_acceptance`, { version: await version(), confirm: '1', opinion: '合格' }, { csrfFrom: page, multipart: true });
    expect(townAcceptance.html).toContain('重大隐患须由县局复核销号');
    // Closing before 验收 is not offered: the county has no 销号 form yet.
    const countyPage = await county.get(page);
    expect(countyPage.html).not.toContain(`action="${page}/approve"`);
    const noOpinion = await county.post(`${page}/record_acceptance`, { version: await version(), confirm: '1', opinion: ' ' }, { csrfFrom: page, multipart: true });
    expect(noOpinion.html).toContain('请填写意见');
    const accepted = await county.post(
      `${page}/record_acceptance`,
      { version: await version(), confirm: '1', opinion: '现场验收：冷却水管已更换，无渗漏', photos: await jpeg('check.jpg', { r: 10, g: 90, b: 200 }) },
      { csrfFrom: page, multipart: true },
    );
    expect(accepted.location, main(accepted.html)).toBe(`${page}?done=record_acceptance`);

    // Then 五落实 and 立案, and the close with its 复核意见.
    const fields = { responsibility: '总经理', measures: '更换冷却水系统', funding: '8万元', timeLimit: '延期后期限', plan: '熔融金属专项预案', filed: '1' };
    expect((await county.post(`${page}/update_supervision`, { version: await version(), ...fields }, { csrfFrom: page })).status).toBe(303);
    const closed = await county.post(`${page}/approve`, { version: await version(), note: '验收合格，同意销号' }, { csrfFrom: page });
    expect(closed.location, main(closed.html)).toBe(`${page}?done=approve`);

    const final = await stored();
    expect(final.status).toBe('closed');
    expect(final.acceptance).toMatchObject({ opinion: '现场验收：冷却水管已更换，无渗漏', photos: [expect.objectContaining({ mime: 'image/jpeg' })] });
    expect(final.history.map((e) => e.action).slice(-11)).toEqual([
      'issue_notice', 'serve_notice', 'acknowledge_notice', 'request_extension', 'decide_extension', 'request_extension', 'decide_extension', 'request_review', 'record_acceptance', 'update_supervision', 'approve',
    ]);
    const audit = (await county.get('/dashboard/audit')).html;
    for (const a of ['case.issue_notice', 'case.serve_notice', 'case.record_receipt', 'case.decide_extension', 'case.record_acceptance']) expect(audit).toContain(`title="${a}"`);
  }, 120_000);

  it.skipIf(skip)('an escalated general case shows its move to the county on its page', async () => {
    const { number } = week.cases.overdue;
    const town = new FormClient(h.app.fetch);
    await town.login('zhang', week.town.password);
    const overdue = await town.get(`/dashboard/cases/${number}`);
    expect(overdue.html).toMatch(/乡镇 → 县级<\/td><td>升级督办/);
    expect(overdue.html).toMatch(/<dt>监管层级<\/dt><dd>县级<\/dd>/);
  });
});
