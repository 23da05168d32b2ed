/**
 * Errors the domain functions throw. They know nothing of tRPC or HTTP; `trpc.ts` maps each
 * kind to its tRPC code (and so its HTTP status).
 */
export type DomainErrorKind =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
    /** For TOO_MANY_REQUESTS: when to try again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

const KINDS = new Set<string>([
  'NOT_FOUND',
  'CONFLICT',
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Recognises a domain error by its shape, not its class: a bundler (Next's route bundles) may
 * hold two copies of this module, and `instanceof` fails across them.
 */
export function isDomainError(error: unknown): error is DomainError {
  if (typeof error !== 'object' || error === null) return false;
  const { name, kind } = error as { name?: unknown; kind?: unknown };
  return name === 'DomainError' && typeof kind === 'string' && KINDS.has(kind);
}

/** Another user's row and a missing row look the same: neither exists for this user. */
export const notFound = (what: string, field?: string) =>
  new DomainError('NOT_FOUND', `${what} not found`, field);

export const conflict = (message: string, field?: string) =>
  new DomainError('CONFLICT', message, field);

export const badRequest = (message: string, field?: string) =>
  new DomainError('BAD_REQUEST', message, field);

export const unauthorized = (message: string) => new DomainError('UNAUTHORIZED', message);

/** Prisma's unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002'
  );
}

function messagesOf(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const value = current as { name?: string; message?: string; code?: string; cause?: unknown };
    parts.push(`${value.name ?? ''} ${value.code ?? ''} ${value.message ?? ''}`);
    current = value.cause;
  }
  return parts.join(' | ');
}

/**
 * When a failure is an outage of a backing service (Redis or the database going away or
 * restarting), the words to tell the caller; undefined for any other error.
 */
export function describeOutage(error: unknown): string | undefined {
  const text = messagesOf(error);
  if (/MaxRetriesPerRequest|enableOfflineQueue|Connection is closed|redis/i.test(text)) {
    return 'The realtime store is unavailable; try again shortly';
  }
  if (
    /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|not queryable|57P01|08006|08001|P1001|P1017|PGlite is closed|Can't reach database/i.test(
      text,
    )
  ) {
    return 'The database is unavailable; try again shortly';
  }
  return undefined;
}
