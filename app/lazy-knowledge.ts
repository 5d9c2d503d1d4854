import type { HandbookItem, KnowledgePort } from '../handlers/index.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';
import type { OpenedStores } from './stores.js';

export type LazyKnowledge = KnowledgePort & { close(): Promise<void> };

/**
 * The knowledge base, opened at its first use instead of at start: loading the handbook, jieba's
 * dictionary, the index (and LangChain with it) is the largest part of a start, and many processes
 * never get a question. It is opened once; the first question waits for it (the cost is logged and
 * measured by `npm run bench -- startup`). A failed open is retried by the next question.
 */
export function lazyKnowledge(config: AppConfig, stores: OpenedStores, log: Logger): LazyKnowledge {
  let opening: Promise<KnowledgeBase> | undefined;
  const open = (): Promise<KnowledgeBase> =>
    (opening ??= (async () => {
      const started = performance.now();
      const { indexStorageFor, openKnowledge } = await import('./knowledge.js');
      const kb = await openKnowledge(config, indexStorageFor(config, stores), log);
      log.info({ ms: Math.round(performance.now() - started) }, 'knowledge base opened at its first use');
      return kb;
    })().catch((e: unknown) => {
      opening = undefined;
      throw e;
    }));
  return {
    ask: async (question, opts) => (await open()).ask(question, opts),
    triage: async (description) => (await open()).triage(description),
    handbook: async (keyword, limit): Promise<HandbookItem[]> => (await open()).handbook(keyword, limit),
    handbookItem: async (id): Promise<HandbookItem | undefined> => (await open()).handbookItem(id),
    async close() {
      const kb = await opening?.catch(() => undefined);
      await kb?.close();
    },
  };
}
