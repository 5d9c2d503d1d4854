import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { LlmConfig } from '../types.js';
import { LocalHashEmbeddings } from './local-hash.js';

export interface Embedder {
  /** Names the vector space; a persisted index with a different id is re-embedded. */
  id: string;
  embeddings: EmbeddingsInterface;
  /** Computed in-process (no network): cheap enough to run during start-up. */
  local: boolean;
}

export function createEmbedder(llm: LlmConfig | undefined): Embedder {
  if (!llm?.embeddingModel) {
    const local = new LocalHashEmbeddings();
    return { id: local.id, embeddings: local, local: true };
  }
  const embeddings = new OpenAIEmbeddings({
    model: llm.embeddingModel,
    apiKey: llm.apiKey,
    // Without 'float' openai@6 asks for base64 and misreads providers that answer with float arrays.
    encodingFormat: 'float',
    batchSize: llm.embeddingBatchSize ?? 10,
    maxRetries: llm.maxRetries ?? 2,
    ...(llm.timeoutMs ? { timeout: llm.timeoutMs } : {}),
    ...(llm.embeddingDimensions ? { dimensions: llm.embeddingDimensions } : {}),
    configuration: { baseURL: llm.baseURL },
  });
  return { id: `openai:${llm.baseURL}:${llm.embeddingModel}:${llm.embeddingDimensions ?? 'default'}`, embeddings, local: false };
}
