/** Why a file was not ingested; the message (zh-CN) says what to do instead. */
export type RefusalCode = 'empty' | 'no-text-layer' | 'encoding' | 'format' | 'duplicate-articles' | 'title-conflict';

export class IngestRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestRefusal';
  }
}
