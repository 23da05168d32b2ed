/**
 * The one place tRPC is initialised: context, error shape, and the procedure builders every
 * router uses.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import type { Context } from './context';
import { describeOutage, DomainError } from './errors';
import type { ProcedureMeta } from './rest/meta';
import { transformer } from './transformer';

/** `{ "email": ["must be an email address"] }`, keyed by the dotted path of each bad field. */
function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '(input)';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * SSE stream settings. tRPC reads them per request from the object given to initTRPC, so the
 * app that hosts the router sets them from its configuration (one set per process).
 */
const sseOptions = {
  ping: { enabled: true, intervalMs: 15_000 },
  maxDurationMs: 300_000,
  client: { reconnectAfterInactivityMs: 30_000 },
};

export function configureSubscriptionStreams(settings: {
  keepAliveMs: number;
  maxDurationMs: number;
}) {
  sseOptions.ping.intervalMs = settings.keepAliveMs;
  sseOptions.maxDurationMs = settings.maxDurationMs;
  // The client reconnects when it hears nothing (not even a ping) for two intervals.
  sseOptions.client.reconnectAfterInactivityMs = settings.keepAliveMs * 2;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      // A domain error thrown inside a subscription's generator skips the middleware below:
      // give it its own code here too.
      const outage = error.code === 'INTERNAL_SERVER_ERROR' ? describeOutage(cause) : undefined;
      if (outage) {
        shape = {
          ...shape,
          code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
          message: outage,
          data: { ...shape.data, code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
        };
      } else if (cause instanceof DomainError && error.code === 'INTERNAL_SERVER_ERROR') {
        const mapped = new TRPCError({ code: cause.kind, message: cause.message });
        shape = {
          ...shape,
          code: TRPC_ERROR_CODES_BY_KEY[cause.kind],
          message: cause.message,
          data: { ...shape.data, code: cause.kind, httpStatus: getHTTPStatusCodeFromError(mapped) },
        };
      }
      const fieldErrors = cause instanceof ZodError ? fieldErrorsOf(cause) : undefined;
      const field =
        cause instanceof DomainError
          ? cause.field
          : fieldErrors
            ? Object.keys(fieldErrors)[0]
            : undefined;
      const message = fieldErrors
        ? `Invalid input: ${Object.entries(fieldErrors)
            .map(([key, messages]) => `${key} ${messages.join(', ')}`)
            .join('; ')}`
        : shape.data.code === 'INTERNAL_SERVER_ERROR'
          ? 'Internal server error'
          : shape.message;
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          ...(field ? { field } : {}),
          ...(fieldErrors ? { fieldErrors } : {}),
        } as {
          code: typeof shape.data.code;
          httpStatus: number;
          path?: string;
          /** The input field at fault, when one is. */
          field?: string;
          /** Every invalid field with its messages (input validation errors). */
          fieldErrors?: Record<string, string[]>;
        },
      };
    },
    sse: sseOptions,
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain errors (which know nothing of tRPC) into their tRPC codes. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.kind, message: cause.message, cause });
  }
  // A backing service that is away is a 503 the client may retry, not a 500.
  const outage =
    !result.ok && result.error.code === 'INTERNAL_SERVER_ERROR'
      ? describeOutage(result.error.cause)
      : undefined;
  if (!result.ok && outage)
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: outage,
      cause: result.error.cause,
    });
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** Requires a signed-in user; handlers see `ctx.user` as non-null. */
export const protectedProcedure = publicProcedure
  .meta({ signedIn: true })
  .use(async ({ ctx, next }) => {
    if (!ctx.user) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: ctx.tokenRejected ? 'Invalid or expired access token' : 'Sign in first',
      });
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });

/**
 * A protected procedure that spends one unit of the user's send budget first (messages that
 * start a reply). TOO_MANY_REQUESTS carries Retry-After.
 */
export const sendingProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  await ctx.app.rateLimits.consume('send', ctx.user.id);
  return next();
});
