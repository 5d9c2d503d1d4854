// Fits the answer decision on the tuning half and prints the parameters; --write checks them in:
// `npx tsx app/cli/eval-fit.ts [--qa <tuning.jsonl>] [--corpus <dir>] [--write]`.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DECISION_FILE } from '../../knowledge/answer/decision.js';
import { REGULATIONS, runFit, TUNING_FILE } from '../../knowledge/answer/fit-decision.js';

const { values } = parseArgs({ options: { qa: { type: 'string' }, corpus: { type: 'string' }, write: { type: 'boolean', default: false } } });
const params = await runFit(values.qa ?? TUNING_FILE, values.corpus ?? REGULATIONS);
const json = `${JSON.stringify(params, null, 2)}\n`;
if (values.write) await writeFile(DECISION_FILE, json);
console.log(json);
