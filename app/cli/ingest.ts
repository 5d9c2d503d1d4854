// Ingests regulations into the knowledge index: `npm run ingest -- [--replace] <files or folders>`.
// Markdown/text/DOCX/PDF/HTML; unchanged files are skipped, changed ones replace their chunks.
import { SingleBar, Presets } from 'cli-progress';
import { loadConfigOrExit } from '../config.js';
import { runIngest } from './ingest-run.js';

const bar = new SingleBar({ format: '{bar} {value}/{total} {file}', hideCursor: true }, Presets.shades_classic);
let started = false;
const code = await runIngest(process.argv.slice(2), loadConfigOrExit(), {
  out: (line) => {
    if (started) bar.stop();
    started = false;
    console.log(line);
  },
  err: (line) => {
    if (started) bar.stop();
    started = false;
    console.error(line);
  },
  progress: process.stdout.isTTY
    ? (done, total, file) => {
        if (!started) bar.start(total, 0, { file: '' });
        started = true;
        bar.update(done, { file });
      }
    : undefined,
});
process.exitCode = code;
