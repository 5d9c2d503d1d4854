import { describe, expect, it } from 'vitest';
import { intentOf } from '../../../handlers/intent-phrases.js';
import { submitTip, tipHarness } from '../../support/tip-harness.js';

describe('plain requests start the dialog they ask for', () => {
  it('"我要举报" in the web chat opens the anonymous tip, with what the web chat keeps (not Telegram)', async () => {
    const h = await tipHarness();
    const c = h.chat('web:Q2hhdFNlc3Npb25JZEZvclRlc3RzT25seTAwMDA');
    await c.say('您好，我要举报！');
    expect(c.textOf()).toContain('匿名举报说明');
    expect(c.textOf()).toContain('不保存您的姓名、电话、账号或网络地址');
    expect(c.textOf()).not.toContain('Telegram');
    await c.choose('t:go');
    expect(c.textOf()).toContain('请描述举报的事故隐患');
  });

  it('"我要上报一个安全隐患" starts the hazard report', async () => {
    const h = await tipHarness();
    const c = h.chat('web:Q2hhdFNlc3Npb25JZEZvclRlc3RzT25seTAwMDE');
    await c.say('我要上报一个安全隐患');
    expect(c.textOf()).toContain('请输入隐患所在企业的名称');
  });

  it('questions about the law on tips and hazards are not taken for requests', () => {
    for (const q of ['举报人受什么保护？', '举报奖励有多少', '怎么举报事故隐患才有奖励', '上报隐患要多久处理', '发现隐患怎么办', '我要投诉']) {
      expect(intentOf(q), q).toBeUndefined();
    }
    expect(intentOf('怎么举报？')).toEqual({ command: 'tip', args: '' });
    expect(intentOf('我想匿名举报一家企业')).toEqual({ command: 'tip', args: '' });
    expect(intentOf('I want to report a hazard')).toEqual({ command: 'report', args: '' });
    expect(intentOf('I would like to send an anonymous tip')).toEqual({ command: 'tip', args: '' });
    expect(intentOf('be7q 2y2z vxbu')).toEqual({ command: 'tip', args: 'BE7Q2Y2ZVXBU' });
    expect(intentOf('BE7Q-2Y2Z-VXBU Zezhou2026')).toEqual({ command: 'tip', args: 'BE7Q2Y2ZVXBU Zezhou2026' });
    expect(intentOf('BE7Q-2Y2Z-VXBU 怎么还没处理')).toEqual({ command: 'tip', args: 'BE7Q2Y2ZVXBU' }); // a remark is not a wrong PIN
  });

  it('a receipt code pasted on its own asks for the PIN and shows the progress; "查询举报进度" says how', async () => {
    const h = await tipHarness();
    const web = 'web:Q2hhdFNlc3Npb25JZEZvclRlc3RzT25seTAwMDM';
    const { code, pin, number } = await submitTip(h.chat(web));
    const c = h.chat(web);
    await c.say('查询举报进度');
    expect(c.textOf()).toContain('请发送举报码');
    await c.say(code.toLowerCase());
    expect(c.textOf()).toContain('请输入举报密码');
    await c.say(pin);
    expect(c.textOf()).toContain(`举报处理情况（案件 ${number}）`);
    await c.say(`${code} ${pin}`);
    expect(c.textOf()).toContain(`举报处理情况（案件 ${number}）`);
  });

  it('inside a dialog the words are what the user writes, not a new request', async () => {
    const h = await tipHarness();
    const c = h.chat('web:Q2hhdFNlc3Npb25JZEZvclRlc3RzT25seTAwMDI');
    await c.say('/report');
    await c.say('我要举报');
    expect(c.textOf()).not.toContain('匿名举报说明');
  });
});
