import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto } from '../../support/images.js';
import { startTelegramWorld, type TelegramUser, type TelegramWorld } from '../../support/telegram-harness.js';

/** Every wrong thing a person can send: a clear Chinese answer, the draft kept, nothing crashes. */
describe('Telegram: bad input in the middle of a report', () => {
  let w: TelegramWorld;
  let worker: TelegramUser;

  beforeAll(async () => {
    w = await startTelegramWorld('sqlite');
    worker = w.user(731003);
    await worker.say('/report');
    await worker.press('r:noent');
    await worker.say('行车吊运钢水包下方有人员通行');
    expect(worker.text()).toContain('请发送现场照片');
  });
  afterAll(async () => w?.stop());

  it.each([
    ['a sticker', { sticker: { file_id: 's1', file_unique_id: 'us1', width: 512, height: 512, is_animated: false, is_video: false, type: 'regular' } }],
    ['a voice message', { voice: { file_id: 'v1', file_unique_id: 'uv1', duration: 3 } }],
    ['a video', { video: { file_id: 'vd1', file_unique_id: 'uvd1', width: 640, height: 480, duration: 5 } }],
    ['a PDF file', { document: { file_id: 'd1', file_unique_id: 'ud1', file_name: 'report.pdf', mime_type: 'application/pdf' } }],
  ])('answers %s with what it accepts', async (_what, fields) => {
    await worker.send(fields);
    expect(worker.text()).toContain('暂不支持这类消息');
    await worker.press('r:photos_done');
    expect(worker.text()).toContain('请发送隐患位置'); // the draft moved on: nothing was lost
    await worker.press('r:loc_skip');
    await worker.press('r:edit_photos');
  });

  it('refuses a file that claims to be a JPEG but is not, and keeps asking for photos', async () => {
    const fake = w.gateway.hostFile(Buffer.from('GIF89a? no: this is plain text pretending to be a photo'));
    await worker.send({ document: { ...fake, file_name: 'site.jpg', mime_type: 'image/jpeg' } });
    expect(worker.text()).toContain('这不是可识别的图片文件');
  });

  it('refuses a 20 MB photo by its size, before downloading it', async () => {
    const big = w.gateway.hostFile(Buffer.alloc(10), 20 * 1024 * 1024);
    await worker.send({ photo: [big] });
    expect(worker.text()).toContain('照片太大（上限 2 MB）');
    expect(w.gateway.fileRequests).not.toContain(big.file_id);
  });

  it('keeps the first 9 photos of an album of 30, downloads no more, and says so once', async () => {
    const jpg = await phonePhoto();
    const before = w.gateway.fileRequests.length;
    for (let i = 0; i < 30; i++) await worker.send({ media_group_id: 'big-album', photo: [w.gateway.hostFile(jpg)] }, false);
    await worker.replies();
    expect(worker.text()).toContain('最多只能上传9张照片，多出的照片未保存');
    expect(worker.text()).toContain('已收到9张照片');
    expect(worker.last.filter((m) => m.text.includes('最多只能上传'))).toHaveLength(1);
    expect(w.gateway.fileRequests.length - before).toBe(9);
  });

  it('answers an unknown command with help', async () => {
    await worker.say('/frobnicate');
    expect(worker.text()).toContain('没有“/frobnicate”这个命令');
    expect(worker.text()).toContain('/report');
  });

  it('treats a button from an old keyboard as stale and re-asks the current step', async () => {
    await worker.press('r:submit'); // the summary is not shown yet
    expect(worker.text()).toContain('这个按钮已过期');
    expect(worker.text()).toContain('已收到9张照片');
  });

  it('refuses forged callback payloads', async () => {
    await worker.press('a:ZZ-2026-999999:approve:0');
    expect(worker.text()).toContain('没有找到该案件');
    await worker.press('zz:<script>');
    expect(worker.text()).toContain('这个按钮已过期');
  });

  it('continues the draft after a restart in the middle of the dialog', async () => {
    await w.restart();
    await worker.press('r:photos_done');
    await worker.press('r:loc_skip');
    expect(worker.text()).toContain('描述：行车吊运钢水包下方有人员通行');
    expect(worker.text()).toContain('照片：9张');
    await worker.press('r:submit');
    expect(worker.text()).toMatch(/上报成功！案件编号：ZZ-\d{4}-\d{6}/);
  });

  it('speaks English to a client set to English', async () => {
    const en = w.user(731004, { languageCode: 'en' });
    await en.say('/start');
    expect(en.button('Report a hazard')).toBe('m:report');
    await en.send({ sticker: { file_id: 's2', file_unique_id: 'us2', width: 512, height: 512, is_animated: false, is_video: false, type: 'regular' } });
    expect(en.text()).toContain('Voice, video, stickers and files are not supported');
  });

  it('ignores group chatter and commands meant for another bot', async () => {
    const group = w.user(731005, { chatId: -100731, type: 'supergroup' });
    await group.send({ text: '大家好' }, false);
    await group.send({ text: '/start@some_other_bot', entities: [{ offset: 0, length: 21, type: 'bot_command' }] }, false);
    await group.say('/help@zezhou_safety_bot');
    expect(group.last).toHaveLength(1);
    expect(group.text()).toContain('使用说明');
  });
});

describe('Telegram: a user sending too fast', () => {
  let w: TelegramWorld;
  beforeAll(async () => {
    w = await startTelegramWorld('sqlite', undefined, { channel: { inboundLimit: { limit: 3, timeFrameMs: 60_000 } } });
  });
  afterAll(async () => w?.stop());

  it('is told once to slow down, and the excess is dropped', async () => {
    const u = w.user(731006);
    for (let i = 0; i < 3; i++) await u.say('/help');
    await u.say('/help');
    expect(u.text()).toBe('操作太频繁，请稍后再试。');
    await u.send({ text: 'hello' }, false);
    await new Promise((r) => setTimeout(r, 300));
    await w.channel.idle();
    expect(await u.unread()).toEqual([]);
  });
});
