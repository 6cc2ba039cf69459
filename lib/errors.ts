// AppError: thrown inside lib/, mapped once at the edge (route wrapper, server actions, CLI).

export const errorStatus = {
  validation: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  bad_request: 400,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Turns any thrown value into `{ code, message }` safe to show: unknown errors say nothing internal. */
export function publicError(err: unknown): {
  code: string;
  message: string;
  status: number;
  details?: Record<string, unknown>;
} {
  if (isAppError(err)) return { code: err.code, message: err.message, status: err.status, details: err.details };
  return {
    code: 'internal',
    message: 'Something went wrong on our side. Try again; if it keeps happening, check the server log.',
    status: 500,
  };
}

/** The message of anything thrown, for logs and the CLI: an Error's message, otherwise its string form. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
