/**
 * One error type for the domain. Commands throw `new DomainError('GRID_NOT_FOUND_FOR_POINT', {...})`;
 * the HTTP edge (http/errors.ts) picks the status and renders the message in the caller's language
 * from the one table of codes in the API contract (src/shared/api/errors.ts).
 */
import type { ErrorCode, ErrorParams } from '../shared/api/errors.ts';

export { ERRORS, pickLang, renderMessage, type ErrorCode, type ErrorParams, type Lang } from '../shared/api/errors.ts';

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(code);
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** A domain check on one input field (`body.result`), with a format-catalogue key for why (shared/api/validation.ts). */
export function invalidField(field: string, key: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { fields: [{ field, key }] });
}
