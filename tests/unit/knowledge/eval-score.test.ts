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
      refusalRecall: 0.5,
      falseRefusalRate: 0.333,
      p50Ms: 30,
      p95Ms: 100,
      mode: 'offline',
      n: 5,
    });
  });
});
