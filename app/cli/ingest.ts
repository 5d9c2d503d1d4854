// Ingests regulations into the knowledge index: `npm run ingest -- <files or folders>`.
// Markdown/text/DOCX/PDF/HTML; unchanged files are skipped, changed ones replace their chunks.
import { SingleBar, Presets } from 'cli-progress';
import { loadConfigOrExit } from '../config.js';
import { indexStorageFor, openKnowledge } from '../knowledge.js';
import { createLogger } from '../logger.js';
import { openStores } from '../stores.js';

const paths = process.argv.slice(2).filter((a) => a !== '--');
if (paths.length === 0) {
  console.error('usage: npm run ingest -- <file or folder> [...]');
  process.exit(2);
}

const config = loadConfigOrExit();
// The index goes where the running app reads it: GridFS with MONGODB_URI, else DATA_DIR/knowledge.
const stores = await openStores(config.store);
const kb = await openKnowledge(config, indexStorageFor(config, stores), createLogger('warn'));
const bar = new SingleBar({ format: '{bar} {value}/{total} {file}', hideCursor: true }, Presets.shades_classic);
let started = false;
try {
  const result = await kb.ingest(paths, {
    onProgress: (done, total, file) => {
      if (!started) bar.start(total, 0, { file: '' });
      started = true;
      bar.update(done, { file });
    },
  });
  if (started) bar.stop();
  console.log(`added ${result.added}, replaced ${result.replaced}, skipped ${result.skipped} (unchanged), ${result.chunks} chunks`);
  for (const f of result.failed) console.error(`failed: ${f.file}: ${f.error}`);
  if (result.failed.length > 0) process.exitCode = 1;
} finally {
  await kb.close();
  await stores.close();
}
