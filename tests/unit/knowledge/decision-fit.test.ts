import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECISION_FILE, FEATURES, loadDecisionParams } from '../../../knowledge/answer/decision.js';
import { crossValidate, fitDecision, runFit, type FitRow } from '../../../knowledge/answer/fit-decision.js';

describe('answer decision (fitted on the tuning half of the systematic dev set)', () => {
  it('re-running the fit reproduces the checked-in parameters', async () => {
    const checkedIn = loadDecisionParams();
    const refit = await runFit();
    expect(refit.fittedOn).toBe('tests/fixtures/knowledge/systematic-tuning.jsonl');
    expect(refit.questions).toBe(checkedIn.questions);
    expect(refit.features).toEqual(checkedIn.features);
    for (const key of ['mean', 'scale', 'weights'] as const) {
      refit[key].forEach((v, i) => expect(v, `${key}[${i}]`).toBeCloseTo(checkedIn[key][i]!, 4));
    }
    expect(refit.bias).toBeCloseTo(checkedIn.bias, 4);
    expect([refit.answerAt, refit.relatedAt]).toEqual([checkedIn.answerAt, checkedIn.relatedAt]);
  }, 120_000);

  it('refuses to fit on anything but the tuning half', async () => {
    await expect(runFit(new URL('../../fixtures/knowledge/systematic-heldout.jsonl', import.meta.url).pathname)).rejects.toThrow(/tuning half only/);
  });

  it('learns that coverage of the question separates answerable from unanswerable questions', () => {
    // Synthetic rows: only coverage differs between the kinds.
    const row = (coverage: number, kind: FitRow['kind']): FitRow => ({ x: FEATURES.map((f) => (f === 'coverage' ? coverage : 0.5)), kind, group: `${kind}${coverage}` });
    const rows = [0.9, 0.85, 0.8, 0.95].map((c) => row(c, 'rightFirst')).concat([0.3, 0.35, 0.4, 0.2].map((c) => row(c, 'unanswerable')));
    const p = fitDecision(rows, 'synthetic');
    expect(p.weights[FEATURES.indexOf('coverage')]).toBeGreaterThan(0);
    expect(p.relatedAt).toBeLessThanOrEqual(p.answerAt);
  });

  it('cross-validates by group: a signal that separates the kinds carries over to folds it was not fitted on', () => {
    const row = (coverage: number, kind: FitRow['kind'], i: number): FitRow => ({ x: FEATURES.map((f) => (f === 'coverage' ? coverage : 0.5)), kind, group: `g${i}` });
    const rows = Array.from({ length: 40 }, (_, i) => row(0.7 + (i % 10) / 40, 'rightFirst', i)).concat(Array.from({ length: 20 }, (_, i) => row(0.1 + (i % 10) / 40, 'unanswerable', 100 + i)));
    expect(crossValidate(rows, { l2: 1 })).toEqual({ falseRefusalRate: 0, refusalRecall: 1, pastGates: { falseRefusalRate: 0, refusalRecall: 1 } });
    // A signal that does not separate them cannot: the estimate says so.
    const noise = rows.map((r, i) => ({ ...r, x: FEATURES.map(() => (i * 7919) % 13) }));
    const cv = crossValidate(noise, { l2: 1 });
    expect(cv.falseRefusalRate + (1 - cv.refusalRecall)).toBeGreaterThan(0.2);
  });

  it('does not fit on the near-miss round, and cross-validation scores it apart', () => {
    const row = (coverage: number, kind: FitRow['kind'], i: number): FitRow => ({ x: FEATURES.map((f) => (f === 'coverage' ? coverage : 0.5)), kind, group: `g${i}` });
    const rows = Array.from({ length: 40 }, (_, i) => row(0.7 + (i % 10) / 40, 'rightFirst', i)).concat(Array.from({ length: 20 }, (_, i) => row(0.1 + (i % 10) / 40, 'unanswerable', 100 + i)));
    // Near misses that look as well covered as the answerable rows: fitting on them would move the decision.
    const probe = Array.from({ length: 20 }, (_, i) => ({ ...row(0.8, 'unanswerable', 200 + i), nearMissRound: true }));
    expect(fitDecision([...rows, ...probe], 'synthetic')).toEqual(fitDecision(rows, 'synthetic'));
    expect(crossValidate([...rows, ...probe], { l2: 1 })).toEqual({
      falseRefusalRate: 0,
      refusalRecall: 1,
      pastGates: { falseRefusalRate: 0, refusalRecall: 1 },
      nearMissRound: { falseRefusalRate: 0, refusalRecall: 0 },
    });
  });

  it('does not fit on rows a gate refused, and counts them in the overall rates, not in those past the gates', () => {
    const row = (coverage: number, kind: FitRow['kind'], i: number): FitRow => ({ x: FEATURES.map((f) => (f === 'coverage' ? coverage : 0.5)), kind, group: `g${i}` });
    const rows = Array.from({ length: 40 }, (_, i) => row(0.7 + (i % 10) / 40, 'rightFirst', i)).concat(Array.from({ length: 20 }, (_, i) => row(0.1 + (i % 10) / 40, 'unanswerable', 100 + i)));
    // Gated rows whose signals would mislead the fit: answerable ones that look unanswerable, and the reverse.
    const gated = [...Array.from({ length: 10 }, (_, i) => row(0.1, 'rightFirst', 300 + i)), ...Array.from({ length: 10 }, (_, i) => row(0.9, 'unanswerable', 400 + i))].map((r) => ({ ...r, gated: true }));
    expect(fitDecision([...rows, ...gated], 'synthetic')).toEqual(fitDecision(rows, 'synthetic'));
    expect(crossValidate([...rows, ...gated], { l2: 1 })).toEqual({ falseRefusalRate: 0.2, refusalRecall: 1, pastGates: { falseRefusalRate: 0, refusalRecall: 1 } });
  });

  it('rejects a parameter file that does not match the features', () => {
    const tmp = new URL(`file:///tmp/decision-${process.pid}.json`);
    const params = JSON.parse(readFileSync(DECISION_FILE, 'utf8')) as { weights: number[] };
    params.weights.pop();
    writeFileSync(tmp, JSON.stringify(params));
    expect(() => loadDecisionParams(tmp)).toThrow(/re-run the fit/);
  });
});
