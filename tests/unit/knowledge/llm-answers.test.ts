import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKnowledgeBase, MemoryIndexStorage, type KnowledgeBase, type LlmConfig } from '../../../knowledge/index.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/knowledge/corpus', import.meta.url));
const HOST = 'https://llm.test';
const LLM: LlmConfig = { baseURL: `${HOST}/v1`, apiKey: 'test-key', chatModel: 'qwen-plus', maxRetries: 0, timeoutMs: 300 };
const DEMO = '示范市工贸企业安全生产示范规定';
const QUESTION = '仓库的可燃气体报警装置坏了，多长时间内要修好？';

function completion(content: string) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1700000000,
    model: 'qwen-plus',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
  };
}

interface ChatBody {
  model: string;
  temperature: number;
  messages: Array<{ role: string; content: string }>;
}

describe('LLM answers (OpenAI-compatible API mocked with nock)', () => {
  let kb: KnowledgeBase;
  const warnings: string[] = [];
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    warnings.length = 0;
    kb = await createKnowledgeBase({
      storage: new MemoryIndexStorage(),
      llm: LLM,
      logger: { info: () => undefined, warn: (_o, msg) => warnings.push(msg ?? '') },
    });
    await kb.ingest([CORPUS]);
  });
  afterEach(async () => {
    await kb.close();
    nock.cleanAll();
  });

  it('returns the model answer with its citations checked against the retrieved articles', async () => {
    let body: ChatBody | undefined;
    const scope = nock(HOST)
      .post('/v1/chat/completions', (b: ChatBody) => ((body = b), true))
      .reply(200, completion(`报警装置发生故障的，企业应当在二十四小时内修复（《${DEMO}》第六条）。`));
    const a = await kb.ask(QUESTION);
    expect(scope.isDone()).toBe(true);
    expect(a).toMatchObject({ kind: 'answer', mode: 'llm' });
    expect(a.text).toContain('二十四小时内修复');
    expect(a.citations).toEqual([expect.objectContaining({ docTitle: DEMO, article: '第六条', docNumber: '示范市应急管理局令第3号' })]);
    expect(body?.temperature).toBe(0);
    expect(body?.messages[1]?.content).toContain(`title="${DEMO}" article="第六条"`);
  });

  it('repairs a short title and drops a fabricated citation with the claim it supported', async () => {
    nock(HOST)
      .post('/v1/chat/completions')
      .reply(200, completion('应在二十四小时内修复（《示范规定》第六条）。逾期将被罚款十万元（《安全生产法》第九百条）。'));
    const a = await kb.ask(QUESTION);
    expect(a.mode).toBe('llm');
    expect(a.text).toContain(`《${DEMO}》第六条`);
    expect(a.text).not.toContain('第九百条');
    expect(a.text).not.toContain('十万元');
    expect(a.citations.map((c) => c.article)).toEqual(['第六条']);
    expect(warnings).toContain('LLM cited articles that were not retrieved; removed');
  });

  it('falls back to the offline answer when every citation is invented', async () => {
    nock(HOST).post('/v1/chat/completions').reply(200, completion('可以不修（《某某条例》第三条）。'));
    const a = await kb.ask(QUESTION);
    expect(a).toMatchObject({ kind: 'answer', mode: 'offline' });
    expect(a.citations[0]).toMatchObject({ docTitle: DEMO, article: '第六条' });
    expect(a.text).not.toContain('可以不修');
  });

  it('passes on the model declining', async () => {
    nock(HOST).post('/v1/chat/completions').reply(200, completion('[[NO_ANSWER]]'));
    const a = await kb.ask(QUESTION);
    expect(a).toMatchObject({ kind: 'refusal', mode: 'llm', citations: [] });
  });

  it.each([
    ['a provider error (500)', () => nock(HOST).post('/v1/chat/completions').reply(500, { error: { message: 'boom' } })],
    ['rate limiting (429)', () => nock(HOST).post('/v1/chat/completions').reply(429, { error: { message: 'slow down' } })],
    ['a timeout', () => nock(HOST).post('/v1/chat/completions').delay(2_000).reply(200, completion('太迟了'))],
  ])('answers offline after %s', async (_name, mock) => {
    mock();
    const t0 = Date.now();
    const a = await kb.ask(QUESTION);
    expect(a).toMatchObject({ kind: 'answer', mode: 'offline' });
    expect(a.citations[0]).toMatchObject({ docTitle: DEMO, article: '第六条' });
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(warnings).toContain('LLM unavailable; answering offline');
  });

  it('does not call the model for a question the index cannot support', async () => {
    const a = await kb.ask('明天县城会下雨吗？');
    expect(a).toMatchObject({ kind: 'refusal' });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('remote embeddings', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  /** Deterministic fake vectors: similar texts share characters, so they share dimensions. */
  function fakeVector(text: string): number[] {
    const v = new Array<number>(16).fill(0);
    for (const ch of text) v[ch.codePointAt(0)! % 16]! += 1;
    return v;
  }

  it('embeds through /embeddings (floats, in batches) and keeps answering with keywords if it fails', async () => {
    const batches: number[] = [];
    nock(HOST)
      .post('/v1/embeddings')
      .times(1_000)
      .reply(200, (_uri, body: { input: string[]; encoding_format: string }) => {
        batches.push(body.input.length);
        expect(body.encoding_format).toBe('float');
        return { object: 'list', model: 'emb', data: body.input.map((t, index) => ({ object: 'embedding', index, embedding: fakeVector(t) })), usage: { prompt_tokens: 1, total_tokens: 1 } };
      });
    const storage = new MemoryIndexStorage();
    const llm = { ...LLM, embeddingModel: 'emb', embeddingBatchSize: 10 };
    const kb = await createKnowledgeBase({ storage, llm });
    await kb.close(); // waits for the background embedding of the handbook
    expect(batches.length).toBeGreaterThan(5);
    expect(Math.max(...batches)).toBeLessThanOrEqual(10);

    nock.cleanAll();
    nock(HOST).post('/v1/embeddings').times(1_000).reply(500, { error: { message: 'down' } });
    nock(HOST).post('/v1/chat/completions').reply(500, { error: { message: 'down' } });
    const offline = await createKnowledgeBase({ storage, llm });
    const r = await offline.ingest([CORPUS]);
    expect(r.added).toBe(5);
    const a = await offline.ask(QUESTION);
    expect(a).toMatchObject({ kind: 'answer', mode: 'offline' });
    expect(a.citations[0]).toMatchObject({ docTitle: DEMO, article: '第六条' });
    await offline.close();
  });
});
