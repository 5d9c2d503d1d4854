import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConversationHandler } from '../../../handlers/index.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { chatWith, handlerDeps, talk } from '../../support/handler-harness.js';
import { phonePhoto } from '../../support/images.js';

async function atDescription() {
  const c = await chatWith();
  await c.say('/report');
  await c.say('某某不存在的钢铁厂');
  await c.choose('r:keepname');
  return c;
}

describe('上报隐患 dialog: bad input gets a clear Chinese answer and loses nothing', () => {
  it('offers to keep an unknown enterprise name as typed', async () => {
    const c = await chatWith();
    await c.say('/report');
    await c.say('某某不存在的钢铁厂');
    expect(c.textOf()).toContain('没有找到名为“某某不存在的钢铁厂”的登记企业');
    await c.choose(c.button('r:keepname'));
    expect(c.textOf()).toContain('企业：某某不存在的钢铁厂');
  });

  it('refuses an empty and a 10,000-character description, keeping the enterprise', async () => {
    const c = await atDescription();
    // Blank text is refused before the dialog sees it (handlers/inbound-text.ts); a too-short one by the dialog.
    await c.say('   ');
    expect(c.textOf()).toContain('这条消息是空的');
    await c.say('漏气');
    expect(c.textOf()).toContain('描述太短了');
    await c.say('隐'.repeat(10_000));
    expect(c.textOf()).toContain('描述太长了（10000字）');
    expect(c.textOf()).toContain('您之前填写的内容都还在');
    await c.say('煤气柜区域CO报警器失灵');
    expect(c.textOf()).toContain('现场照片');
    await c.choose('r:photos_done');
    await c.choose('r:loc_skip');
    expect(c.textOf()).toContain('企业：某某不存在的钢铁厂');
    expect(c.textOf()).toContain('描述：煤气柜区域CO报警器失灵');
  });

  it('keeps nine photos and explains why the tenth was not saved', async () => {
    const c = await atDescription();
    await c.say('除尘器泄爆片缺失');
    const jpg = await phonePhoto();
    await c.photo(Array(9).fill(jpg));
    expect(c.textOf()).toContain('已收到9张照片');
    await c.photo(jpg);
    expect(c.textOf()).toContain('最多只能上传9张照片');
    expect(c.textOf()).toContain('已收到9张照片');
  });

  it('refuses a file that claims to be a photo but is not, and a HEIC photo', async () => {
    const c = await atDescription();
    await c.say('有限空间作业无人监护');
    await c.photo(new TextEncoder().encode('this is not a jpeg at all'));
    expect(c.textOf()).toContain('这不是可识别的图片文件');
    const heic = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0, 0x6d, 0x69, 0x66, 0x31, 0x68, 0x65, 0x69, 0x63]);
    await c.photo(heic);
    expect(c.textOf()).toContain('HEIC');
    expect(c.textOf()).toContain('请发送现场照片'); // still asking: nothing bad was kept
  });

  it('refuses an oversized upload before downloading it', async () => {
    const c = await atDescription();
    await c.say('行车吊运钢水包下方有人员通行');
    let downloaded = false;
    await c.send({ kind: 'photo', media: [{ sizeHint: 50 * 1024 * 1024, download: async () => ((downloaded = true), new Uint8Array(1)) }] });
    expect(c.textOf()).toContain('照片太大（上限 2 MB）');
    expect(downloaded).toBe(false);
  });

  it('answers stickers, voice and video with what it accepts', async () => {
    const c = await atDescription();
    await c.send({ kind: 'unsupported', what: 'voice' });
    expect(c.textOf()).toContain('暂不支持这类消息');
  });

  it('continues a draft after a restart in the middle of the dialog', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zz-restart-'));
    const file = join(dir, 'db.sqlite');
    try {
      const first = await openSqliteStores({ file });
      await first.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
      const a = talk(createConversationHandler(handlerDeps(first)), 'tg:42');
      await a.say('/report');
      await a.choose('r:noent');
      await a.say('高炉风口平台护栏缺失，高处作业无防护');
      await a.photo(await phonePhoto());
      await first.close(); // the process dies here

      const second = await openSqliteStores({ file });
      const b = talk(createConversationHandler(handlerDeps(second)), 'tg:42');
      await b.say('/start');
      expect(b.textOf()).toContain('未完成的上报草稿');
      await b.choose('r:photos_done');
      await b.choose('r:loc_skip');
      expect(b.textOf()).toContain('照片：1张');
      await b.choose('r:submit');
      const number = /ZZ-\d{4}-\d{6}/.exec(b.textOf())?.[0];
      const c = await second.cases.getByNumber(number!);
      expect(c?.description).toBe('高炉风口平台护栏缺失，高处作业无防护');
      expect(c?.beforePhotos).toHaveLength(1);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cancels only when asked, and then forgets the draft', async () => {
    const c = await atDescription();
    await c.choose('r:cancel');
    expect(c.textOf()).toContain('已取消本次上报');
    expect(await c.stores.dialogs.get('web:test-chat')).toBeNull();
  });

  it('speaks English after /lang en', async () => {
    const c = await chatWith();
    await c.say('/lang en');
    expect(c.textOf()).toContain('Switched to English');
    await c.say('/report');
    expect(c.textOf()).toContain('Which enterprise');
  });

  it('answers an unknown command with help', async () => {
    const c = await chatWith();
    await c.say('/foo');
    expect(c.textOf()).toContain('没有“/foo”这个命令');
    expect(c.textOf()).toContain('/report');
  });
});
