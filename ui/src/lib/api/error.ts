import type { ErrorCode } from '$lib/bindings/ErrorCode';

const CODES: readonly ErrorCode[] = [
  'database_newer',
  'database_corrupt',
  'database_locked',
  'data_dir_unwritable',
  'not_found',
  'invalid_input',
  'no_organisation',
  'undo_unavailable',
  'xero_not_connected',
  'xero_reconnect_needed',
  'xero_unavailable',
  'xero_rate_limited',
  'cancelled',
  'sync_running',
  'internal',
];

/** An error reported by the Rust side (`{ code, message }`), or a failure to reach it. */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  /** Turns whatever `invoke` rejected with into an ApiError. */
  static from(reason: unknown): ApiError {
    if (reason instanceof ApiError) return reason;
    if (typeof reason === 'object' && reason !== null && 'code' in reason && 'message' in reason) {
      const { code, message } = reason as { code: unknown; message: unknown };
      const known = CODES.find((c) => c === code);
      return new ApiError(known ?? 'internal', String(message));
    }
    if (reason instanceof Error) return new ApiError('internal', reason.message);
    if (typeof reason === 'string' && reason.length > 0) return new ApiError('internal', reason);
    return new ApiError('internal', 'Something went wrong talking to Settle’s data store.');
  }
}
