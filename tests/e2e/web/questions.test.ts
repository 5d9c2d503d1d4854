import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUrl } from '../../support/requires.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { WebChatClient } from '../../support/web-client.js';

const mongoUri = serviceUrl('MONGODB_URI');

// No regulations ingested and no model configured: answers come from the handbook shipped with the app.
describe.each<StoreKind>(['sqlite', 'mongo'])('questions in the web chat on %s, offline', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  const skip = kind === 'mongo' && !mongoUri;
  beforeAll(async () => {
    if (!skip) h = await startTestApp(kind, mongoUri);
  });
  afterAll(async () => h?.stop());

  it.skipIf(skip)('answers a hazard question from the handbook, citing the article it rests on', async () => {
    const worker = new WebChatClient(h.app.fetch);
    await worker.say('干式除尘器没有泄爆装置，算不算重大隐患？');
    const text = worker.text();
    expect(text).toContain('依据');
    expect(text).toMatch(/《工贸企业重大事故隐患判定标准》第十一条/);
  });

  it.skipIf(skip)('browses the handbook by keyword', async () => {
    const worker = new WebChatClient(h.app.fetch);
    await worker.say('/handbook 有限空间');
    expect(worker.text()).toContain('【有限空间】');
    expect(worker.text()).toContain('整改措施：');
  });

  it.skipIf(skip)('says so honestly when the sources do not answer', async () => {
    const worker = new WebChatClient(h.app.fetch);
    await worker.say('举报重大隐患最多能拿多少奖金？');
    expect(worker.text()).toContain('没有找到能回答这个问题的');
  });
});
