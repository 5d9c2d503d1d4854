import { join } from 'node:path';
import { createKnowledgeBase, DirectoryIndexStorage, type IndexStorage, type KnowledgeBase } from '../knowledge/index.js';
import { gridFsIndexStorage } from '../stores/mongo/knowledge-index-storage.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';
import type { OpenedStores } from './stores.js';

/** Where the index lives follows the store: GridFS next to the cases, or a folder under DATA_DIR. */
export function indexStorageFor(config: AppConfig, stores: OpenedStores): IndexStorage {
  return stores.kind === 'mongo' ? gridFsIndexStorage(stores.db) : new DirectoryIndexStorage(join(config.dataDir, 'knowledge'));
}

export function openKnowledge(config: AppConfig, storage: IndexStorage, log: Logger): Promise<KnowledgeBase> {
  return createKnowledgeBase({ dataDir: config.dataDir, storage, llm: config.llm, logger: log.child({ part: 'knowledge' }) });
}
