// Fits the answer decision on the tuning half and prints the parameters; --write checks them in.
// --cv instead cross-validates the whole fit over a grid of L2 penalties (folds by article, four fold
// assignments each) and prints, per λ, the mean false-refusal rate and refusal recall with the gates' refusals
// counted, the same over the rows past the gates (pastGates), and each time the larger share of the targets'
// allowance spent (the λ with the least past the gates is the one to use); rows of the near-miss round are not
// fitted on and are scored apart (nearMissRound):
// `npx tsx app/cli/eval-fit.ts [--qa <tuning.jsonl>] [--corpus <dir>] [--write | --cv]`.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DECISION_FILE } from '../../knowledge/answer/decision.js';
import { ALLOWED_FALSE_REFUSAL, ALLOWED_MISSED_REFUSAL, collectRows, crossValidate, REGULATIONS, runFit, TUNING_FILE } from '../../knowledge/answer/fit-decision.js';

const { values } = parseArgs({ options: { qa: { type: 'string' }, corpus: { type: 'string' }, write: { type: 'boolean', default: false }, cv: { type: 'boolean', default: false } } });
const qaFile = values.qa ?? TUNING_FILE;
const corpus = values.corpus ?? REGULATIONS;
if (values.cv) {
  const rows = await collectRows(qaFile, corpus);
  for (const l2 of [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000]) {
    const runs = [0, 1, 2, 3].map((seed) => crossValidate(rows, { seed, l2 }));
    const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
    const rates = (pick: (r: (typeof runs)[number]) => { falseRefusalRate: number; refusalRecall: number }) => {
      const falseRefusalRate = mean((r) => pick(r).falseRefusalRate);
      const refusalRecall = mean((r) => pick(r).refusalRecall);
      const spent = Math.max(falseRefusalRate / ALLOWED_FALSE_REFUSAL, (1 - refusalRecall) / ALLOWED_MISSED_REFUSAL);
      return { falseRefusalRate: +falseRefusalRate.toFixed(4), refusalRecall: +refusalRecall.toFixed(4), spent: +spent.toFixed(3) };
    };
    const probe = runs[0]!.nearMissRound ? { nearMissRound: rates((r) => r.nearMissRound!) } : {};
    console.log(JSON.stringify({ l2, ...rates((r) => r), pastGates: rates((r) => r.pastGates), ...probe }));
  }
} else {
  const json = `${JSON.stringify(await runFit(qaFile, corpus), null, 2)}\n`;
  if (values.write) await writeFile(DECISION_FILE, json);
  console.log(json);
}
