/**
 * The one place tRPC is initialised: context, error shape, and the procedure builders every
 * router uses.
 */
import { initTRPC, TRPCError, type AnyRouter, type TRPCDefaultErrorShape } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { ZodError } from 'zod';
import { describeOutage, isDomainError } from '@chatbot/core';
import { ACCOUNT_GONE } from '@chatbot/core/accounts';
import type { Context } from './context';
import type { ProcedureMeta } from './procedureMeta';
import { transformer } from './transformer';

/**
 * The one mapping from what the domain throws to a tRPC error: a domain error keeps its kind
 * and message; a backing service that is away is a 503 the client may retry, not a 500.
 * Undefined for anything else (a bug: it stays INTERNAL_SERVER_ERROR).
 */
export function toTRPCError(cause: unknown): TRPCError | undefined {
  if (isDomainError(cause))
    return new TRPCError({ code: cause.kind, message: cause.message, cause });
  const outage = describeOutage(cause);
  return outage
    ? new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: outage, cause })
    : undefined;
}

/** `{ "email": ["must be an email address"] }`, keyed by the dotted path of each bad field. */
function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '(input)';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** By shape, not class: a bundle (Next's routes) may hold another copy of zod. */
function isZodError(error: unknown): error is ZodError {
  const value = error as { name?: unknown; issues?: unknown } | null;
  return value?.name === 'ZodError' && Array.isArray(value.issues);
}

/** The error shape every adapter sends: the tRPC code, the HTTP status, the field at fault. */
function errorFormatter({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  // A domain error thrown inside a subscription's generator skips the middleware below.
  const mapped = error.code === 'INTERNAL_SERVER_ERROR' ? toTRPCError(error.cause) : undefined;
  if (mapped) {
    shape = {
      ...shape,
      code: TRPC_ERROR_CODES_BY_KEY[mapped.code],
      message: mapped.message,
      data: { ...shape.data, code: mapped.code, httpStatus: getHTTPStatusCodeFromError(mapped) },
    };
  }
  const cause = mapped?.cause ?? error.cause;
  const fieldErrors = isZodError(cause) ? fieldErrorsOf(cause) : undefined;
  const field = isDomainError(cause)
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
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({ transformer, errorFormatter });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** How long-lived subscription streams behave on one host (from its configuration). */
export interface StreamSettings {
  /** A ping this often keeps proxies from closing a quiet stream. */
  keepAliveMs: number;
  /** An SSE stream ends after this long; the client reconnects and resumes by event id. */
  maxDurationMs: number;
}

/**
 * The router as one host serves it. tRPC reads its SSE settings from the router's own config,
 * so each host gets a router of its own carrying them (the procedures are the very same).
 */
export function withStreamSettings<TRouter extends AnyRouter>(
  router: TRouter,
  settings: StreamSettings,
): TRouter {
  const host = initTRPC
    .context<Context>()
    .meta<ProcedureMeta>()
    .create({
      // The very objects the router holds: tRPC refuses to merge routers that differ in either.
      transformer: router._def._config.transformer,
      errorFormatter: router._def._config.errorFormatter,
      sse: {
        ping: { enabled: true, intervalMs: settings.keepAliveMs },
        maxDurationMs: settings.maxDurationMs,
        // The client reconnects when it hears nothing (not even a ping) for two intervals.
        client: { reconnectAfterInactivityMs: settings.keepAliveMs * 2 },
      },
    });
  return host.mergeRouters(host.router({}), router) as unknown as TRouter;
}

/** Domain errors (which know nothing of tRPC) and outages become their tRPC codes. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
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
    // A valid token of a deleted account: nothing it names may be touched (or created).
    if (!(await ctx.userExists())) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: ACCOUNT_GONE });
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
