import type { AppErrorCode, AppErrorShape } from '../../shared/errors';

/**
 * A failure with a sentence a person can act on. Provider adapters, the store and the
 * IPC layer all raise this; anything else reaching the IPC boundary becomes 'internal'.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Worth trying again later (network, 5xx, 429, chat not ready). */
  readonly retryable: boolean;
  /** For 429: how long the provider asked us to wait. */
  readonly retryAfterMs: number | null;
  /** HTTP status when the error came from a provider response. */
  readonly status: number | null;
  /** True when the request may have reached the provider (e.g. timed out after sending). */
  readonly mayHaveReachedProvider: boolean;

  constructor(
    code: AppErrorCode,
    message: string,
    opts: { retryable?: boolean; retryAfterMs?: number | null; status?: number | null; mayHaveReachedProvider?: boolean; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.status = opts.status ?? null;
    this.mayHaveReachedProvider = opts.mayHaveReachedProvider ?? false;
  }

  toShape(): AppErrorShape {
    return { code: this.code, message: this.message };
  }
}

export function invalidInput(message: string): AppError {
  return new AppError('invalid-input', message);
}

export function notFound(message: string): AppError {
  return new AppError('not-found', message);
}

/** Converts anything thrown into the shape that crosses IPC, hiding internals. */
export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return err.toShape();
  // No promise about the data here: this answer cannot know what failed (storage failures have their own sentences).
  return { code: 'internal', message: 'Something went wrong inside the app; try again. If it keeps happening, restart the app.' };
}
