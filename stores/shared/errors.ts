import { DomainError } from '../../domain/errors.js';

export const duplicate = (what: string, cause?: unknown): DomainError =>
  new DomainError('DUPLICATE', `${what} already exists`, cause instanceof Error ? { cause: cause.message } : undefined);

export const notFound = (what: string, id: string): DomainError => new DomainError('NOT_FOUND', `${what} ${id} not found`, { id });

export const versionConflict = (what: string, id: string, version: number): DomainError =>
  new DomainError('VERSION_CONFLICT', `${what} ${id} was changed by someone else (expected version ${version})`, {
    id,
    version,
  });
