import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  loginInput,
  refreshInput,
  registerInput,
  tokenPairOutput,
  userOutput,
} from '../schemas/auth';
import * as auth from '../services/auth';
import { protectedProcedure, publicProcedure } from '../trpc';
import type { Context } from '../context';

const deps = (ctx: Context): auth.AuthDeps => ({
  prisma: ctx.app.database.prisma,
  accessTokens: ctx.app.accessTokens,
  refreshTokenTtlDays: ctx.app.config.auth.refreshTokenTtlDays,
});

/** Per IP and per account: guessing passwords for one account, or many, both hit a limit. */
async function limitSignIn(ctx: Context, email: string) {
  await ctx.app.rateLimits.consume('auth', `ip:${ctx.ip ?? 'unknown'}`);
  await ctx.app.rateLimits.consume('auth', `account:${email}`);
}

export const authRouter = {
  register: publicProcedure
    .input(registerInput)
    .output(tokenPairOutput)
    .mutation(async ({ ctx, input }) => {
      await limitSignIn(ctx, input.email);
      return auth.register(deps(ctx), input);
    }),
  login: publicProcedure
    .input(loginInput)
    .output(tokenPairOutput)
    .mutation(async ({ ctx, input }) => {
      await limitSignIn(ctx, input.email);
      return auth.login(deps(ctx), input);
    }),
  refresh: publicProcedure
    .input(refreshInput)
    .output(tokenPairOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.app.rateLimits.consume('auth', `ip:${ctx.ip ?? 'unknown'}`);
      return auth.refresh(deps(ctx), input.refreshToken);
    }),
  logout: publicProcedure
    .input(refreshInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await auth.logout(deps(ctx), input.refreshToken);
      return { ok: true as const };
    }),
  me: protectedProcedure
    .output(userOutput)
    .query(({ ctx }) => auth.getUser(ctx.app.database.prisma, ctx.user.id)),
} satisfies TRPCRouterRecord;
