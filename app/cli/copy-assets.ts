// After `tsc`: copies the files the compiled code reads next to itself (pages, YAML plans, the
// handbook) into dist/, so `node dist/app/main.js` finds them where the sources do.
import { cpSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

const folders = ['app', 'bot', 'dashboard', 'domain', 'handlers', 'jobs', 'knowledge', 'locales', 'stores'];
let copied = 0;
for (const folder of folders) {
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const path = join(folder, file);
    if (['.ts', ''].includes(extname(path))) continue;
    cpSync(path, join('dist', path));
    copied++;
  }
}
console.log(`copied ${copied} asset files to dist/`);
