import { describe, expect, it } from 'vitest';
import { createKnowledgeBase, MemoryIndexStorage } from '../../../knowledge/index.js';

// A fictional regulation printed to PDF by Chromium with a CJK font, as a scanner-free office PDF would be.
const pdf = new URL('../../fixtures/knowledge/pdf/dust-measures.pdf', import.meta.url).pathname;

describe('PDF ingestion', () => {
  it('extracts Chinese text from a PDF and chunks it by article', async () => {
    const kb = await createKnowledgeBase({ storage: new MemoryIndexStorage() });
    try {
      const result = await kb.ingest([pdf]);
      expect(result).toMatchObject({ added: 1, failed: [] });
      expect(result.chunks).toBeGreaterThanOrEqual(4);
      const [best] = await kb.retrieve('干式除尘系统泄爆口能不能朝向人员通道', 3);
      expect(best).toMatchObject({ docTitle: '示范县粉尘作业安全管理办法', article: '第四条' });
      const answer = await kb.ask('干式除尘系统泄爆口能不能朝向人员通道');
      expect(answer.citations.map((c) => c.article)).toContain('第四条');
    } finally {
      await kb.close();
    }
  });
});
