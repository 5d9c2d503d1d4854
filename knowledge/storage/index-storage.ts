/**
 * Blob port for the persisted index. Blobs are written under fresh, versioned names and a small
 * manifest blob is written last, so an instance reading the manifest always finds a complete set.
 * Implementations: a directory (here) and, later, MongoDB GridFS (stores/).
 */
export interface IndexStorage {
  load(name: string): Promise<Uint8Array | null>;
  save(name: string, bytes: Uint8Array): Promise<void>;
  /** Optional: lets old index versions be pruned. */
  remove?(name: string): Promise<void>;
}

/** In-process storage for tests and throw-away indexes. */
export class MemoryIndexStorage implements IndexStorage {
  readonly blobs = new Map<string, Uint8Array>();

  async load(name: string): Promise<Uint8Array | null> {
    return this.blobs.get(name) ?? null;
  }

  async save(name: string, bytes: Uint8Array): Promise<void> {
    this.blobs.set(name, bytes);
  }

  async remove(name: string): Promise<void> {
    this.blobs.delete(name);
  }
}
