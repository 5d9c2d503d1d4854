import { describe, expect, it } from 'vitest';
import { scoreEval, type EvalRecord } from '../../../app/cli/eval-score.js';

const A = 'a.md';
function record(over: Partial<EvalRecord> & Pick<EvalRecord, 'question'>): EvalRecord {
  return { kind: 'answer', cited: [], retrieved: [], ms: 10, ...over };
}

describe('eval scoring', () => {
  it('computes hit rates, citation accuracy, refusal rates and latency percentiles', () => {
    const gold = (article: string) => ({ id: article, question: '?', answerable: true, gold: [{ doc: A, article }] });
    const records: EvalRecord[] = [
      // gold cited first (with the 项 spelled out): hit@1, 1 of 2 citations correct
      record({ question: gold('第三条'), cited: [{ source: A, article: '第三条第（二）项' }, { source: A, article: '第九条' }], ms: 5 }),
      // refused, gold only third in retrieval: hit@5 but not hit@1, counts as a false refusal
      record({ question: gold('第四条'), kind: 'refusal', retrieved: ['第一条', '第二条', '第四条'].map((article) => ({ source: A, article })), ms: 20 }),
      // wrong document with the right article number: no hit
      record({ question: gold('第五条'), cited: [{ source: 'b.md', article: '第五条' }], ms: 30 }),
      { question: { id: 'u1', question: '?', answerable: false, gold: [] }, kind: 'refusal', cited: [], retrieved: [], ms: 40 },
      { question: { id: 'u2', question: '?', answerable: false, gold: [] }, kind: 'answer', cited: [{ source: A, article: '第一条' }], retrieved: [], ms: 100 },
    ];
    expect(scoreEval(records, 'offline')).toEqual({
      hitAt1: 0.333,
      hitAt5: 0.667,
      citationAccuracy: 0.333,
      citationAccuracyStrict: 0.333,
      itemCitationAccuracy: 0,
      itemRecall: 0,
      refusalRecall: 0.5,
      falseRefusalRate: 0.333,
      relatedRate: 0,
      p50Ms: 30,
      p95Ms: 100,
      mode: 'offline',
      n: 5,
    });
  });

  it('counts a related reply holding the gold as not refused, and scores citations at item level', () => {
    const q = (id: string, article: string, answerable = true) => ({ id, question: '?', answerable, gold: answerable ? [{ doc: A, article }] : [] });
    const records: EvalRecord[] = [
      // related with the gold among the candidates: not a false refusal, but counted in relatedRate
      record({ question: q('r1', '第三条'), kind: 'related', cited: [{ source: A, article: '第九条' }, { source: A, article: '第三条' }] }),
      // related without the gold: as good as a refusal
      record({ question: q('r2', '第四条'), kind: 'related', cited: [{ source: A, article: '第九条' }] }),
      // both gold items cited plus a wrong one: 2 of 3 cited items right, both gold items found
      record({ question: { ...q('i1', '第十一条第（四）项'), gold: [{ doc: A, article: '第十一条第（四）项' }, { doc: A, article: '第十一条第（六）项' }] }, cited: [{ source: A, article: '第十一条', items: ['（一）', '（四）', '（六）'] }] }),
      // the gold article cited without naming an item: one wrong item, gold item not found
      record({ question: q('i2', '第十二条第（二）项'), cited: [{ source: A, article: '第十二条' }] }),
      // a penalty answer: the gold penalty article plus the labelled duty article (neutral unless strict)
      record({ question: q('p1', '第九十七条'), cited: [{ source: A, article: '第九十七条', role: 'penalty' }, { source: A, article: '第二十八条', role: 'duty' }] }),
      // an unanswerable question answered `related` is not a refusal
      record({ question: q('u1', '', false), kind: 'related', cited: [{ source: A, article: '第一条' }] }),
    ];
    expect(scoreEval(records, 'offline')).toMatchObject({
      falseRefusalRate: 0.2,
      relatedRate: 0.4,
      itemCitationAccuracy: 0.5,
      itemRecall: 0.667,
      citationAccuracy: 1,
      citationAccuracyStrict: 0.75,
      refusalRecall: 0,
    });
  });
});

