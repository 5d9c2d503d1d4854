import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { serviceUrl } from '../../support/requires.js';
import { AGENT_ID, appEnv, deliverCallback, fakeQyApi, type ApiBody } from './app-api.js';
import { jintaiFoundry } from '../../support/sample-data.js';

const mongoUri = serviceUrl('MONGODB_URI');

describe.each<StoreKind>(['sqlite', 'mongo'])('WeCom self-built app callbacks into the real handlers on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let api: ReturnType<typeof fakeQyApi>;
  const skip = kind === 'mongo' && !mongoUri;
  const user = 'worker02';
  let msgSeq = 7_300_000_000_000_000;

  /** Delivers one text message `times` times with the same MsgId, as WeCom's retries do, and waits until it is handled. */
  async function send(content: string, opts: { times?: number; msgId?: string } = {}): Promise<ApiBody[]> {
    const before = api.calls.messageSend.length;
    const msg = { FromUserName: user, MsgType: 'text', Content: content, MsgId: opts.msgId ?? String(++msgSeq) };
    const [first, ...retries] = Array.from({ length: opts.times ?? 1 }, () => msg);
    // The first delivery, then the retries overlapping each other (their 200s answered at once).
    const responses = [await deliverCallback(h.app.fetch, first!), ...(await Promise.all(retries.map((m) => deliverCallback(h.app.fetch, m))))];
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
    }
    await h.app.wecom.idle();
    return api.calls.messageSend.slice(before);
  }

  const dialogOf = async () => (await h.app.stores.dialogs.get(`wecom:${user}`))?.state;
  const shown = (sent: ApiBody[]) =>
    sent.map((b) => (b.msgtype === 'markdown' ? b.markdown.content : `[${b.template_card.main_title.title}]`)).join('\n');

  beforeAll(async () => {
    if (skip) return;
    api = fakeQyApi();
    h = await startTestApp(kind, mongoUri, appEnv);
    await h.app.stores.enterprises.insert(jintaiFoundry());
  });
  afterAll(async () => {
    await h?.stop();
    api?.stop();
  });

  it.skipIf(skip)('a report started by text is handled once although WeCom delivers it three times', async () => {
    // 上报隐患 arrives three times with one MsgId: one dialog step, one reply (the enterprise question as a card).
    const started = await send('上报隐患', { times: 3 });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({
      touser: user,
      agentid: AGENT_ID,
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: '请输入隐患所在企业的名称（可输入简称）：' },
        button_list: [{ key: 'r:noent' }, { key: 'r:cancel' }],
      },
    });
    expect(await dialogOf()).toMatchObject({ flow: { kind: 'report', step: 'enterprise' } });

    // The dialog goes on from there: the enterprise, then a description that is itself retried.
    const enterprise = await send('金泰铸造');
    expect(shown(enterprise)).toContain('企业：泽州县金泰铸造有限公司');
    const described = await send('熔炼炉旁的冷却水管漏水，地面有积水，靠近钢包', { times: 3 });
    expect(described).toHaveLength(1);
    expect(shown(described)).toBe('[请发送现场照片（最多9张）。没有照片可点“跳过”。]');
    expect(await dialogOf()).toMatchObject({
      flow: { kind: 'report', step: 'photos', draft: { enterpriseId: 'ent-1', description: '熔炼炉旁的冷却水管漏水，地面有积水，靠近钢包' } },
    });

    // Control: the same words under a new MsgId are a new message, and a second handling would have shown.
    const again = await send('上报隐患');
    expect(shown(again)).toContain('您有一份未完成的上报草稿');

    expect(api.calls.gettoken).toBe(1);
    expect(api.unmatched).toEqual([]);
    expect(h.logs.lines.filter((l) => l.msg === 'WeCom callback refused')).toEqual([]);
  });
});
