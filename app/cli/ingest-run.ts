import { existsSync } from 'node:fs';
import type { AppConfig } from '../config.js';
import { indexStorageFor, openKnowledge } from '../knowledge.js';
import { createLogger } from '../logger.js';
import { openStores } from '../stores.js';

export interface IngestIo {
  out: (line: string) => void;
  err: (line: string) => void;
  progress?: (done: number, total: number, file: string) => void;
}

export const INGEST_USAGE = '用法：npm run ingest -- [--replace] <文件或文件夹> [...]\n  --replace  同名法规以本次文件为准（取代已收录的版本）；同一文件内重复的条号以最后出现的为准';

/**
 * The ingest command: `[--replace] <paths…>` → index where the running app reads it (GridFS with
 * MONGODB_URI, else DATA_DIR/knowledge). Prints a report in Chinese: what was added, every refused file
 * with the reason and what to do, every warning, and instruction-like text held back for review.
 * Returns the exit code: 0 all ingested, 1 some file refused, 2 usage.
 */
export async function runIngest(args: string[], config: AppConfig, io: IngestIo): Promise<number> {
  const replace = args.includes('--replace');
  const paths = args.filter((a) => a !== '--' && a !== '--replace');
  const unknown = paths.filter((a) => a.startsWith('--'));
  if (paths.length === 0 || unknown.length) {
    if (unknown.length) io.err(`未知选项：${unknown.join(' ')}`);
    io.err(INGEST_USAGE);
    return 2;
  }
  // A mistyped path is named, and the others are still ingested.
  const missing = paths.filter((p) => !existsSync(p));
  for (const p of missing) io.err(`未导入：${p}：文件或文件夹不存在，请检查路径（相对路径从运行命令的目录算起）`);
  const present = paths.filter((p) => existsSync(p));
  if (present.length === 0) return 1;
  const stores = await openStores(config.store);
  const kb = await openKnowledge(config, indexStorageFor(config, stores), createLogger('warn'));
  try {
    const r = await kb.ingest(present, { replace, ...(io.progress ? { onProgress: io.progress } : {}) });
    io.out(`新增 ${r.added} 个，替换 ${r.replaced} 个，跳过 ${r.skipped} 个（未变化或重复），共 ${r.chunks} 个条文片段`);
    if (r.added + r.replaced + r.skipped + r.failed.length === 0) {
      io.err(`未导入：${present.join('、')}：没有找到可导入的文件（支持 .md、.txt、.docx、.pdf、.html），请检查文件夹`);
      return 1;
    }
    for (const w of r.warnings) io.out(`注意：${w.file}：${w.message}`);
    for (const f of r.flagged) io.out(`待人工复核：${f.file}：疑似对问答系统下达指令的文字已剔除，未收录：“${f.text}”`);
    for (const f of r.failed) io.err(`未导入：${f.file}：${f.error}`);
    return r.failed.length > 0 || missing.length > 0 ? 1 : 0;
  } finally {
    await kb.close();
    await stores.close();
  }
}
