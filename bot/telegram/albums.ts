/**
 * Telegram delivers an album as separate updates sharing a media_group_id, within moments of each
 * other. Items are collected until none has arrived for `windowMs`; then the whole album is one report.
 */
export class AlbumBuffer<T> {
  private readonly open = new Map<string, { items: T[]; timer: NodeJS.Timeout; done: (items: T[]) => void }>();

  constructor(
    private readonly windowMs: number,
    /** Bounds memory against a forged flood; the handler keeps 9 and says so. */
    private readonly maxItems = 30,
  ) {}

  /** The first item of an album gets a promise of all its items; later items get undefined. */
  add(groupKey: string, item: T): Promise<T[]> | undefined {
    const entry = this.open.get(groupKey);
    if (entry) {
      if (entry.items.length < this.maxItems) entry.items.push(item);
      entry.timer.refresh();
      return undefined;
    }
    return new Promise((done) => {
      const timer = setTimeout(() => this.flush(groupKey), this.windowMs);
      this.open.set(groupKey, { items: [item], timer, done });
    });
  }

  /** Hands over every open album now (on shutdown). */
  flushAll(): void {
    for (const key of [...this.open.keys()]) this.flush(key);
  }

  private flush(groupKey: string): void {
    const entry = this.open.get(groupKey);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.open.delete(groupKey);
    entry.done(entry.items);
  }
}
