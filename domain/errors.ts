/**
 * Every rule the domain enforces fails with a DomainError whose code the edges map once:
 * to an HTTP status, to a localized chat reply that keeps the draft, or to "do not retry" in jobs.
 */
export const errorCodes = [
  'NOT_FOUND',
  'INVALID_INPUT',
  'INVALID_TRANSITION',
  'VERSION_CONFLICT',
  'DUPLICATE',
  'FORBIDDEN',
  'WRONG_TOWN',
  'TOWN_REQUIRED',
  'REASON_REQUIRED',
  'SEVERITY_REQUIRED',
  'DEADLINE_REQUIRED',
  'DEADLINE_IN_PAST',
  'AFTER_PHOTO_REQUIRED',
  'DISPUTE_PHOTO_REQUIRED',
  'REVIEWER_IS_ASSESSOR',
  'SUPERVISION_INCOMPLETE',
  'MAJOR_CLOSE_REQUIRES_COUNTY',
  'NOT_MAJOR',
  'UNSUPPORTED_MEDIA',
  'MEDIA_TOO_LARGE',
  'TOO_MANY_PHOTOS',
  'RATE_LIMITED',
  'ACCEPTANCE_REQUIRED',
  'OPINION_REQUIRED',
  'ATTACHMENT_REQUIRED',
  'EXTENSION_PENDING',
  'NOTICE_NOT_SERVED',
  'FINDINGS_OPEN',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown, code?: ErrorCode): e is DomainError =>
  e instanceof DomainError && (code === undefined || e.code === code);
