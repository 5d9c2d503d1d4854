import { describe, expect, it } from 'vitest';
import { unknownObjectAsked, type CorpusWords } from '../../../knowledge/retrieval/asked-object.js';
import { analyzeQuery } from '../../../knowledge/retrieval/query.js';

/** A corpus that uses these words and nothing else. */
function corpusOf(...used: string[]): CorpusWords {
  return { knows: (t) => used.includes(t), uses: (w) => used.some((u) => u.includes(w)) };
}
const asked = (question: string, corpus: CorpusWords) => unknownObjectAsked(question, analyzeQuery(question).concepts, corpus);

describe('the thing a question asks about, when no source names it', () => {
  it('is the noun next to the question word or an A-not-A form that the sources never use', () => {
    const corpus = corpusOf('更衣室', '有色', '企业', '人员聚集场所');
    expect(asked('有色企业的更衣室要不要装空调', corpus)).toBe('空调');
    expect(asked('更衣室里能放冰箱吗', corpus)).toBe('冰箱');
  });

  it('is not a word the sources use, spell out (安评 ← 安全评价), hold inside a compound (纺织厂 ← 纺织) or know by another name (手套)', () => {
    expect(asked('冶金企业要不要做安评', corpusOf('冶金', '企业', '安全评价'))).toBeUndefined();
    expect(asked('纺织厂的仓库要不要装喷淋', corpusOf('纺织', '仓库', '喷淋'))).toBeUndefined();
    expect(asked('厂里要不要给工人发手套', corpusOf('劳动防护用品'))).toBeUndefined();
  });

  it('is not a place name, a word restating the question, or a verb', () => {
    const corpus = corpusOf('铸造', '企业', '检查');
    expect(asked('巴公镇有没有铸造企业', corpus)).toBeUndefined();
    expect(asked('除尘器没有泄爆片，按判定标准怎么定性', corpusOf('除尘器', '泄爆', '判定标准'))).toBeUndefined();
    expect(asked('工人能不能加班', corpusOf('工人'))).toBeUndefined();
  });
});
