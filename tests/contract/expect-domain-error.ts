import { expect } from 'vitest';
import type { ErrorCode } from '../../domain/errors.js';

export async function expectDomainError(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'DomainError', code });
}
