import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { IndexStorage } from './index-storage.js';

/** Stores each blob as a file under `dir`; writes go to a temp file then rename, so readers never see half a blob. */
export class DirectoryIndexStorage implements IndexStorage {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async load(name: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.path(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async save(name: string, bytes: Uint8Array): Promise<void> {
    const target = this.path(name);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, target);
  }

  async remove(name: string): Promise<void> {
    await rm(this.path(name), { force: true });
  }

  private path(name: string): string {
    const p = resolve(join(this.root, name));
    if (!p.startsWith(this.root + sep)) throw new Error(`blob name escapes the index directory: ${name}`);
    return p;
  }
}
