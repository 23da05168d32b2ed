import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  deleteAccountInput,
  loginCodeInput,
  loginInput,
  refreshInput,
  registerInput,
  tokenPairOutput,
  userOutput,
} from '@chatbot/core/schemas';
import * as auth from '@chatbot/core/accounts';
import { protectedProcedure, publicProcedure } from '../trpc';
import type { Context } from '../context';

const deps = (ctx: Context): auth.AuthDeps => ({
  prisma: ctx.app.database.prisma,
  rateLimits: ctx.app.rateLimits,
  accessTokens: ctx.app.accessTokens,
  refreshTokenTtlDays: ctx.app.config.auth.refreshTokenTtlDays,
});

export const authRouter = {
  register: publicProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/auth/register',
        tag: 'Auth',
        summary: 'Create an account; returns tokens',
        successStatus: 201,
        errors: [409, 429],
      },
    })
    .input(registerInput)
    .output(tokenPairOutput)
    .mutation(async ({ ctx, input }) => {
      return auth.register(deps(ctx), { ...input, ip: ctx.ip });
    }),
  login: publicProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/auth/login',
        tag: 'Auth',
        summary: 'Sign in with email and password; returns tokens',
        errors: [401, 429],
      },
    })
    .input(loginInput)
    .output(tokenPairOutput)
    .mutation(async ({ ctx, input }) => {
      return auth.login(deps(ctx), { ...input, ip: ctx.ip });
    }),
  refresh: publicProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/auth/refresh',
        tag: 'Auth',
        summary: 'Trade the refresh token (as the Bearer token) for a new pair',
        bearerInput: 'refreshToken',
        errors: [429],
      },
    })
    .input(refreshInput)
    .output(tokenPairOutput)
    .mutation(async ({ ctx, input }) => {
      return auth.refresh(deps(ctx), input.refreshToken, ctx.ip);
    }),
  /** The second half of the server's Google sign-in: the one-time code for tokens. */
  exchangeCode: publicProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/auth/google/exchange',
        tag: 'Auth',
        summary: 'Trade the one-time code from /auth/google/callback for tokens',
        errors: [401, 429],
      },
    })
    .input(loginCodeInput)
    .output(tokenPairOutput)
    .mutation(async ({ ctx, input }) => {
      await auth.limitByIp(ctx.app.rateLimits, ctx.ip);
      return auth.exchangeLoginCode(deps(ctx), input.code, input.codeVerifier);
    }),
  logout: publicProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/auth/logout',
        tag: 'Auth',
        summary: 'Revoke the refresh token (as the Bearer token)',
        bearerInput: 'refreshToken',
      },
    })
    .input(refreshInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await auth.logout(deps(ctx), input.refreshToken);
      return { ok: true as const };
    }),
  me: protectedProcedure
    .meta({ rest: { method: 'GET', path: '/auth/me', tag: 'Auth', summary: 'The signed-in user' } })
    .output(userOutput)
    .query(({ ctx }) => auth.getUser(ctx.app.database.prisma, ctx.user.id)),
  /** Everything the user owns goes, and every token they hold stops working. */
  deleteAccount: protectedProcedure
    .meta({
      rest: {
        method: 'DELETE',
        path: '/auth/me',
        tag: 'Auth',
        summary: 'Delete your account and everything in it (send your password in the body)',
        jsonBody: true,
        errors: [429],
      },
    })
    .input(deleteAccountInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) =>
      auth.deleteAccount(
        {
          prisma: ctx.app.database.prisma,
          rateLimits: ctx.app.rateLimits,
          generations: ctx.app.generations,
          storage: ctx.app.storage,
        },
        ctx.user,
        input,
      ),
    ),
} satisfies TRPCRouterRecord;
