import { randomBytes } from 'node:crypto';
import type { ImportReport } from './import.js';

interface Pending {
  owner: string;
  fileName: string;
  report: ImportReport;
  expires: number;
}

/**
 * Checked ledgers waiting for the official's "import the valid rows". In memory, like the rate limiters:
 * one web process per deployment; a restart only means uploading the file again.
 */
export class PendingImports {
  private readonly items = new Map<string, Pending>();
  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly max = 200,
    private readonly now: () => number = Date.now,
  ) {}

  put(owner: string, fileName: string, report: ImportReport): string {
    const t = this.now();
    for (const [id, p] of this.items) if (p.expires < t || this.items.size >= this.max) this.items.delete(id);
    const id = randomBytes(16).toString('base64url');
    this.items.set(id, { owner, fileName, report, expires: t + this.ttlMs });
    return id;
  }

  /** Removes and returns the import, only for the session that uploaded it and before it expires. */
  take(id: string, owner: string): Pending | undefined {
    const p = this.items.get(id);
    if (!p || p.owner !== owner || p.expires < this.now()) return undefined;
    this.items.delete(id);
    return p;
  }
}
