import type { CursorKey } from '../shared/cursor.js';

/** Collects AND-ed SQL terms with their positional parameters. */
export class Where {
  private readonly terms: string[] = [];
  readonly params: unknown[] = [];

  add(term: string, ...params: unknown[]): this {
    this.terms.push(term);
    this.params.push(...params);
    return this;
  }

  /** `column = value`, skipped when the filter leaves the value out. */
  eq(column: string, value: string | undefined): this {
    return value === undefined ? this : this.add(`${column} = ?`, value);
  }

  /** Rows after the cursor in (created_at DESC, id DESC) order. */
  after(key: CursorKey | undefined): this {
    return key === undefined
      ? this
      : this.add('(created_at < ? OR (created_at = ? AND id < ?))', key.createdAtMs, key.createdAtMs, key.id);
  }

  get sql(): string {
    return this.terms.length ? `WHERE ${this.terms.join(' AND ')}` : '';
  }
}
